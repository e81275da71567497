using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Guardrail.Core.Cmdb.Discovery.Backstage;

namespace Guardrail.Core.Cmdb.Discovery.Git;

/// <summary>
/// Reads a checked-out Git repository into a Repository CI: its identity from the <c>origin</c> remote, its owners
/// from CODEOWNERS, and the Backstage entities its catalog-info files describe.
/// </summary>
public static partial class GitDiscovery
{
    public const string SourceName = "git";

    /// <summary>The places GitHub looks for CODEOWNERS, in the order it looks.</summary>
    private static readonly string[] _codeOwnersPaths = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

    private static readonly HashSet<string> _skippedDirectories = [".git", "node_modules", "bin", "obj"];

    private static readonly HashSet<string> _catalogFileNames = ["catalog-info.yaml", "catalog-info.yml"];

    /// <summary>Reads what discovery needs from the working tree at <paramref name="repositoryPath"/>, without running Git.</summary>
    public static GitRepositorySnapshot Read(string repositoryPath)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryPath));
        var gitDirectory = Path.Combine(root, ".git");
        if (!Directory.Exists(gitDirectory))
        {
            throw new DiscoveryException(repositoryPath, "not a Git repository (no .git directory)");
        }

        var config = Path.Combine(gitDirectory, "config");
        var origin = File.Exists(config) ? OriginUrl(File.ReadAllLines(config)) : null;
        var codeOwnersPath = _codeOwnersPaths.Select(p => Path.Combine(root, p)).FirstOrDefault(File.Exists);
        var codeOwners = codeOwnersPath is null ? null : File.ReadAllText(codeOwnersPath);
        var catalogFiles = CatalogFiles(new DirectoryInfo(root))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(name => new SourceDocument(name, File.ReadAllText(Path.Combine(root, name))))
            .ToList();
        return new GitRepositorySnapshot(Path.GetFileName(root), origin, codeOwners, catalogFiles);
    }

    public static DiscoveryResult Discover(GitRepositorySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);

        var warnings = new List<DiscoveryWarning>();
        var hostAndPath = snapshot.OriginUrl is null ? null : RepositoryHostAndPath(snapshot.OriginUrl);
        if (snapshot.OriginUrl is not null && hostAndPath is null)
        {
            warnings.Add(new DiscoveryWarning(".git/config",
                $"origin '{snapshot.OriginUrl}' names no hosted repository; the repository is known by its folder name"));
        }

        var repositoryKey = CiKeys.Repository(hostAndPath ?? $"local/{snapshot.DirectoryName}");
        var rules = ParseCodeOwners(snapshot.CodeOwners ?? "");
        var defaultOwners = rules.LastOrDefault(r => r.Pattern == "*").Owners ?? [];
        var codeOwners = new JsonObject();
        foreach (var (pattern, owners) in rules)
        {
            codeOwners[pattern] = new JsonArray([.. owners.Select(o => JsonValue.Create(o))]);
        }

        var attributes = new JsonObject
        {
            ["origin"] = snapshot.OriginUrl,
            ["defaultOwners"] = new JsonArray([.. defaultOwners.Select(o => JsonValue.Create(o))]),
            ["codeOwners"] = codeOwners,
        };
        var name = hostAndPath is null ? snapshot.DirectoryName : hostAndPath[(hostAndPath.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var repository = new DiscoveredCi(repositoryKey, CiClass.Repository, name, attributes);

        var links = new List<CrossSourceLink>();
        foreach (var owner in defaultOwners)
        {
            if (OwnerCandidate(owner) is { } candidate)
            {
                links.Add(new CrossSourceLink(repositoryKey, RelationshipType.OwnedBy, [candidate], $"CODEOWNERS: * {owner}"));
            }
        }

        var catalog = BackstageDiscovery.Discover(snapshot.CatalogFiles);
        var relationships = catalog.Relationships.ToList();
        // A component whose annotations name another repository is only catalogued here (a monorepo of catalog
        // files); its link stays for reconciliation. Links naming this repository became the edge below.
        var builtElsewhere = catalog.Links
            .Where(l => l.Type == RelationshipType.BuiltFrom && !l.CandidateKeys.Contains(repositoryKey))
            .Select(l => l.FromKey)
            .ToHashSet();
        links.AddRange(catalog.Links.Where(l => l.Type != RelationshipType.BuiltFrom || builtElsewhere.Contains(l.FromKey)));
        foreach (var component in catalog.Items.Where(i => i.Class == CiClass.TechnicalService && !builtElsewhere.Contains(i.Key)))
        {
            relationships.Add(new DiscoveredRelationship(component.Key, RelationshipType.BuiltFrom, repositoryKey)
            {
                Evidence = "described by a catalog-info file in the repository",
            });
        }

        return new DiscoveryResult(
            SourceName,
            [.. catalog.Items.Append(repository).OrderBy(i => i.Key, StringComparer.Ordinal)],
            [.. relationships.OrderBy(r => r.FromKey, StringComparer.Ordinal).ThenBy(r => r.Type).ThenBy(r => r.ToKey, StringComparer.Ordinal)],
            [.. links.OrderBy(l => l.FromKey, StringComparer.Ordinal).ThenBy(l => l.Type)],
            catalog.Unresolved,
            [.. warnings, .. catalog.Warnings]);
    }

    /// <summary>
    /// The host and path a remote URL names, without user, port and <c>.git</c>: <c>https://github.com/org/repo.git</c>,
    /// <c>git@github.com:org/repo.git</c> and <c>ssh://git@github.com:22/org/repo</c> all give <c>github.com/org/repo</c>.
    /// Null for local paths and <c>file://</c> URLs.
    /// </summary>
    public static string? RepositoryHostAndPath(string url)
    {
        var text = url.Trim();
        string host;
        string path;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IsFile)
            {
                return null;
            }

            host = uri.Host;
            path = Uri.UnescapeDataString(uri.AbsolutePath);
        }
        else
        {
            // Git's scp-like syntax, [user@]host:path, applies only when no slash comes before the colon.
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (colon <= 0 || (slash >= 0 && slash < colon))
            {
                return null;
            }

            host = text[..colon];
            host = host[(host.LastIndexOf('@') + 1)..];
            path = text[(colon + 1)..];
        }

        path = path.Trim('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^4].TrimEnd('/');
        }

        return host.Length == 0 || path.Length == 0 ? null : $"{host}/{path}";
    }

    /// <summary>The first <c>url</c> of the <c>[remote "origin"]</c> section of a Git config file.</summary>
    internal static string? OriginUrl(IEnumerable<string> configLines)
    {
        var inOrigin = false;
        foreach (var rawLine in configLines)
        {
            var line = rawLine.Trim();
            if (line.StartsWith('['))
            {
                inOrigin = OriginSection().IsMatch(line);
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (inOrigin && equals > 0 && line[..equals].Trim().Equals("url", StringComparison.OrdinalIgnoreCase))
            {
                var value = line[(equals + 1)..].Trim();
                return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
            }
        }

        return null;
    }

    /// <summary>
    /// The rules of a CODEOWNERS file, in file order: a pattern and its owners (<c>@user</c>, <c>@org/team</c> or an
    /// e-mail address). GitLab section headers (<c>[Docs]</c>, <c>^[Docs]</c>) are skipped.
    /// </summary>
    internal static List<(string Pattern, string[] Owners)> ParseCodeOwners(string text)
    {
        var rules = new List<(string, string[])>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] is '#' or '[' || line.StartsWith("^[", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = UnescapedWhitespace().Split(line);
            var owners = parts.Skip(1).TakeWhile(p => !p.StartsWith('#')).ToArray();
            rules.Add((parts[0].Replace("\\ ", " ", StringComparison.Ordinal), owners));
        }

        return rules;
    }

    /// <summary>The Backstage entity a GitHub owner is ingested as: teams as groups, users as users, by their slug.</summary>
    private static string? OwnerCandidate(string owner)
    {
        if (!owner.StartsWith('@'))
        {
            return null;
        }

        var slash = owner.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? BackstageDiscovery.Key("user", "default", owner[1..])
            : BackstageDiscovery.Key("group", "default", owner[(slash + 1)..]);
    }

    private static IEnumerable<string> CatalogFiles(DirectoryInfo directory)
    {
        foreach (var file in directory.EnumerateFiles().Where(f => _catalogFileNames.Contains(f.Name)))
        {
            yield return file.FullName;
        }

        var children = directory.EnumerateDirectories().Where(d => !_skippedDirectories.Contains(d.Name) && d.LinkTarget is null);
        foreach (var file in children.SelectMany(CatalogFiles))
        {
            yield return file;
        }
    }

    // Section names compare without case, subsection names ("origin") with it.
    [GeneratedRegex("""^\[\s*(?i:remote)\s+"origin"\s*\]$|^\[\s*(?i:remote\.origin)\s*\]$""")]
    private static partial Regex OriginSection();

    [GeneratedRegex(@"(?<!\\)\s+")]
    private static partial Regex UnescapedWhitespace();
}
