using System.Diagnostics;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Cmdb.Discovery.Git;

namespace Guardrail.Core.Tests.Cmdb.Discovery;

public sealed class GitDiscoveryTests : IDisposable
{
    private const string PaymentsCatalog = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: payments
          annotations:
            github.com/project-slug: acme/payments
        spec:
          type: service
          lifecycle: production
          owner: payments-team
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("guardrail-git-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Repository(string name)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(path);
        Git(path, "init", "--quiet");
        return path;
    }

    private static void Git(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var error = git.StandardError.ReadToEnd();
        git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
    }

    private static void Write(string repository, string path, string content)
    {
        var file = Path.Combine(repository, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
    }

    private string PaymentsRepository()
    {
        var repository = Repository("payments");
        Git(repository, "remote", "add", "origin", "git@github.com:acme/payments.git");
        Write(repository, ".github/CODEOWNERS", """
            # Default owners
            *       @acme/payments-team @Jane-Doe
            /docs/  @acme/tech-writers docs@acme.example
            *.sql   @acme/dba
            """);
        Write(repository, "CODEOWNERS", "* @acme/not-used\n");
        Write(repository, "catalog-info.yaml", PaymentsCatalog);
        Write(repository, "services/ledger/catalog-info.yml", PaymentsCatalog.Replace("name: payments", "name: ledger", StringComparison.Ordinal));
        Write(repository, "node_modules/some-package/catalog-info.yaml", "kind: Component\nmetadata:\n  name: vendored\n");
        Write(repository, "src/bin/catalog-info.yaml", "not: [read");
        return repository;
    }

    [Fact]
    public void Reading_a_repository_finds_its_origin_codeowners_and_catalog_files()
    {
        var snapshot = GitDiscovery.Read(PaymentsRepository());

        Assert.Equal("payments", snapshot.DirectoryName);
        Assert.Equal("git@github.com:acme/payments.git", snapshot.OriginUrl);
        Assert.StartsWith("# Default owners", snapshot.CodeOwners, StringComparison.Ordinal);
        Assert.Equal(["catalog-info.yaml", "services/ledger/catalog-info.yml"], snapshot.CatalogFiles.Select(f => f.Name));
    }

    [Fact]
    public void The_repository_is_keyed_by_its_origin_and_owned_by_its_default_code_owners()
    {
        var result = GitDiscovery.Discover(GitDiscovery.Read(PaymentsRepository()));

        Assert.Equal("git", result.Source);
        var repository = result.Items.Single(i => i.Class == CiClass.Repository);
        Assert.Equal("repo:github.com/acme/payments", repository.Key);
        Assert.Equal("acme/payments", repository.Name);
        Assert.Equal("git@github.com:acme/payments.git", (string?)repository.Attributes["origin"]);
        Assert.Equal(["@acme/payments-team", "@Jane-Doe"], repository.Attributes["defaultOwners"]!.AsArray().Select(o => (string?)o));
        var codeOwners = repository.Attributes["codeOwners"]!.AsObject();
        Assert.Equal(["*", "/docs/", "*.sql"], codeOwners.Select(p => p.Key));
        Assert.Equal(["@acme/tech-writers", "docs@acme.example"], codeOwners["/docs/"]!.AsArray().Select(o => (string?)o));

        var owners = result.Links.Where(l => l.FromKey == repository.Key).ToList();
        Assert.All(owners, l => Assert.Equal(RelationshipType.OwnedBy, l.Type));
        Assert.Equal(
            [["backstage:group:default/payments-team"], ["backstage:user:default/jane-doe"]],
            owners.Select(l => l.CandidateKeys));
    }

    [Fact]
    public void Catalog_components_are_built_from_the_repository()
    {
        var result = GitDiscovery.Discover(GitDiscovery.Read(PaymentsRepository()));

        Assert.Equal(
            ["backstage:component:default/ledger", "backstage:component:default/payments", "repo:github.com/acme/payments"],
            result.Items.Select(i => i.Key));
        Assert.Contains(result.Relationships, r => r is
        {
            FromKey: "backstage:component:default/payments", Type: RelationshipType.BuiltFrom, ToKey: "repo:github.com/acme/payments",
        });
        Assert.Contains(result.Relationships, r => r is { FromKey: "backstage:component:default/ledger", Type: RelationshipType.BuiltFrom });
        // The slug names this repository, so the edge replaces the link; the catalogue-service link stays.
        Assert.DoesNotContain(result.Links, l => l.Type == RelationshipType.BuiltFrom);
        Assert.Contains(result.Links, l => l is { FromKey: "backstage:component:default/payments", Type: RelationshipType.PartOf });
        Assert.Contains(result.Unresolved, u => u.Reference == "group:default/payments-team");
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_component_whose_slug_names_another_repository_keeps_its_link_instead_of_the_edge()
    {
        var snapshot = new GitRepositorySnapshot("catalog", "https://github.com/acme/catalog.git", null,
            [new("catalog-info.yaml", PaymentsCatalog)]);

        var result = GitDiscovery.Discover(snapshot);

        Assert.DoesNotContain(result.Relationships, r => r.Type == RelationshipType.BuiltFrom);
        var link = Assert.Single(result.Links, l => l.Type == RelationshipType.BuiltFrom);
        Assert.Equal(["repo:github.com/acme/payments"], link.CandidateKeys);
    }

    [Fact]
    public void A_repository_without_origin_is_known_by_its_folder_name()
    {
        var result = GitDiscovery.Discover(GitDiscovery.Read(Repository("Scratch")));

        var repository = Assert.Single(result.Items);
        Assert.Equal("repo:local/scratch", repository.Key);
        Assert.Equal("Scratch", repository.Name);
        Assert.Empty(result.Links);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void An_origin_on_the_local_disk_is_warned_about()
    {
        var result = GitDiscovery.Discover(new GitRepositorySnapshot("work", "/srv/git/work.git", null, []));

        Assert.Equal("repo:local/work", Assert.Single(result.Items).Key);
        Assert.Single(result.Warnings);
    }

    [Fact]
    public void A_folder_without_git_is_not_a_repository()
    {
        var e = Assert.Throws<DiscoveryException>(() => GitDiscovery.Read(_directory));

        Assert.Contains("not a Git repository", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://github.com/org/repo.git", "github.com/org/repo")]
    [InlineData("https://user:token@github.com/org/repo", "github.com/org/repo")]
    [InlineData("git@github.com:org/repo.git", "github.com/org/repo")]
    [InlineData("github.com:org/repo", "github.com/org/repo")]
    [InlineData("ssh://git@gitlab.example.com:2222/group/sub/repo.git", "gitlab.example.com/group/sub/repo")]
    [InlineData("git://git.kernel.org/pub/scm/git/git.git", "git.kernel.org/pub/scm/git/git")]
    [InlineData("/srv/git/repo.git", null)]
    [InlineData("../repo", null)]
    [InlineData("file:///srv/git/repo.git", null)]
    public void Remote_urls_name_host_and_path(string url, string? expected) =>
        Assert.Equal(expected, GitDiscovery.RepositoryHostAndPath(url));

    [Fact]
    public void The_origin_url_comes_from_its_own_section()
    {
        string[] config =
        [
            "[core]",
            "\turl = not-this",
            "[remote \"upstream\"]",
            "\turl = https://github.com/other/repo.git",
            "[remote \"origin\"]",
            "\tfetch = +refs/heads/*:refs/remotes/origin/*",
            "\turl = \"https://github.com/acme/payments.git\"",
            "\turl = https://mirror.example/acme/payments.git",
        ];

        Assert.Equal("https://github.com/acme/payments.git", GitDiscovery.OriginUrl(config));
        Assert.Null(GitDiscovery.OriginUrl(["[remote \"Origin\"]", "url = x"]));
    }

    [Fact]
    public void The_last_default_rule_of_codeowners_wins()
    {
        var snapshot = new GitRepositorySnapshot("r", null, "* @acme/old\n[Docs]\n/docs/\\ guide/ @acme/docs # writers\n* ops@acme.example @acme/new\n", []);

        var result = GitDiscovery.Discover(snapshot);

        var repository = Assert.Single(result.Items);
        Assert.Equal(["ops@acme.example", "@acme/new"], repository.Attributes["defaultOwners"]!.AsArray().Select(o => (string?)o));
        Assert.Equal(["@acme/docs"], repository.Attributes["codeOwners"]!["/docs/ guide/"]!.AsArray().Select(o => (string?)o));
        Assert.Equal(["backstage:group:default/new"], Assert.Single(result.Links).CandidateKeys);
    }
}
