namespace Guardrail.Core.Integrations.Normalisation.Cdevents;

/// <summary>
/// What a package URL (purl, the form of a CDEvents <c>artifactId</c>) says about the source it was built from. Only
/// what the purl states: a <c>pkg:github|gitlab|bitbucket</c> purl names its repository and, when its version is a
/// full commit SHA, the commit; a <c>vcs_url</c> qualifier ending in <c>@&lt;sha&gt;</c> names the commit. An image
/// digest or a release version is not a commit and yields none.
/// </summary>
internal readonly record struct PackageUrl(string? Repository, string? CommitSha)
{
    public static PackageUrl Read(string purl)
    {
        if (!purl.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
            return default;

        var rest = purl.AsSpan(4);
        if (rest.IndexOf('#') is var hash and >= 0)
            rest = rest[..hash];

        var qualifiers = ReadOnlySpan<char>.Empty;
        if (rest.IndexOf('?') is var question and >= 0)
        {
            qualifiers = rest[(question + 1)..];
            rest = rest[..question];
        }

        var version = ReadOnlySpan<char>.Empty;
        if (rest.LastIndexOf('@') is var at and >= 0)
        {
            version = rest[(at + 1)..];
            rest = rest[..at];
        }

        var commit = CommitFromVcsUrl(qualifiers);
        string? repository = null;
        if (rest.IndexOf('/') is var slash and > 0 && IsForge(rest[..slash]) && rest[(slash + 1)..].Contains('/'))
        {
            repository = Uri.UnescapeDataString(rest[(slash + 1)..].Trim('/').ToString());
            commit ??= AsCommit(Uri.UnescapeDataString(version.ToString()));
        }

        return new PackageUrl(repository, commit);
    }

    private static bool IsForge(ReadOnlySpan<char> type) =>
        type.Equals("github", StringComparison.OrdinalIgnoreCase)
        || type.Equals("gitlab", StringComparison.OrdinalIgnoreCase)
        || type.Equals("bitbucket", StringComparison.OrdinalIgnoreCase);

    /// <summary>The purl spec's <c>vcs_url</c> qualifier, e.g. <c>git+https://host/org/repo.git@&lt;sha&gt;</c>.</summary>
    private static string? CommitFromVcsUrl(ReadOnlySpan<char> qualifiers)
    {
        foreach (var range in qualifiers.Split('&'))
        {
            var pair = qualifiers[range];
            if (!pair.StartsWith("vcs_url=", StringComparison.OrdinalIgnoreCase))
                continue;
            var url = Uri.UnescapeDataString(pair["vcs_url=".Length..].ToString());
            var at = url.LastIndexOf('@');
            return at > url.LastIndexOf('/') ? AsCommit(url[(at + 1)..]) : null;
        }
        return null;
    }

    /// <summary>A full SHA-1 or SHA-256 object name; abbreviated SHAs and anything else are not trusted.</summary>
    private static string? AsCommit(string text) =>
        text.Length is 40 or 64 && text.All(char.IsAsciiHexDigit) ? text.ToLowerInvariant() : null;
}
