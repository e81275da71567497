using Guardrail.Server.Tests.Support;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Cmdb.Discovery.Backstage;

namespace Guardrail.Core.Tests.Cmdb.Discovery;

public class BackstageDiscoveryTests
{
    private static readonly string _examples = Corpus.PathOf("backstage/catalog-model-examples");


    private static List<SourceDocument> Read(string folder, string pattern = "*.yaml") =>
    [
        .. Directory.EnumerateFiles(Path.Combine(_examples, folder), pattern, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new SourceDocument(Path.GetRelativePath(_examples, f), File.ReadAllText(f))),
    ];

    private static DiscoveryResult Examples() => BackstageDiscovery.Discover(Read("."));

    private static string Key(string kind, string name) => BackstageDiscovery.Key(kind, "default", name);

    private static void AssertEdge(DiscoveryResult result, string from, RelationshipType type, string to) =>
        Assert.Contains(result.Relationships, r => r.FromKey == from && r.Type == type && r.ToKey == to);

    [Fact]
    public void The_example_set_holds_every_entity_it_defines_and_nothing_else()
    {
        var result = Examples();

        Assert.Equal("backstage", result.Source);
        Assert.Empty(result.Warnings);
        var byClass = result.Items.GroupBy(i => i.Class).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(13, byClass[CiClass.TechnicalService]);
        Assert.Equal(7, byClass[CiClass.Api]);
        Assert.Equal(3, byClass[CiClass.System]);
        Assert.Equal(2, byClass[CiClass.Domain]);
        Assert.Equal(8, byClass[CiClass.Team]);
        Assert.Equal(16, byClass[CiClass.Person]);
        Assert.Equal(1, byClass[CiClass.Database]);
        Assert.Equal(50, result.Items.Count);
        Assert.Equal(result.Items.Select(i => i.Key).Order(StringComparer.Ordinal), result.Items.Select(i => i.Key));

        var keys = result.Items.Select(i => i.Key).ToHashSet();
        Assert.All(result.Relationships, r =>
        {
            Assert.Contains(r.FromKey, keys);
            Assert.Contains(r.ToKey, keys);
        });
    }

    [Fact]
    public void The_example_set_states_every_edge_once()
    {
        var byType = Examples().Relationships.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Count());

        // owner on 13 components, 7 APIs, 1 resource, 3 systems, 2 domains
        Assert.Equal(26, byType[RelationshipType.OwnedBy]);
        // 7 component systems, 2 subcomponents, 1 resource system, 3 system domains, 7 group parents, 16 memberships
        Assert.Equal(36, byType[RelationshipType.PartOf]);
        Assert.Equal(1, byType[RelationshipType.DependsOn]);
        Assert.Equal(5, byType[RelationshipType.ProvidesApi]);
        Assert.Equal(1, byType[RelationshipType.ConsumesApi]);
        Assert.Equal(5, byType.Count);
    }

    [Fact]
    public void Every_reference_in_the_example_set_resolves()
    {
        // Read by hand: every owner, system, domain, API, parent and memberOf named there is defined there.
        Assert.Empty(Examples().Unresolved);
    }

    [Fact]
    public void Components_keep_their_type_lifecycle_and_tags()
    {
        var artistLookup = Examples().Items.Single(i => i.Key == "backstage:component:default/artist-lookup");

        Assert.Equal("artist-lookup", artistLookup.Name);
        Assert.Equal("default", artistLookup.Scope);
        Assert.Equal("service", (string?)artistLookup.Attributes["type"]);
        Assert.Equal("experimental", (string?)artistLookup.Attributes["lifecycle"]);
        Assert.Equal(["java", "data"], artistLookup.Attributes["tags"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public void Users_are_named_by_their_display_name()
    {
        var items = Examples().Items;

        Assert.Equal("Janelle Dawe", items.Single(i => i.Key == Key("user", "janelle.dawe")).Name);
        Assert.Equal("breanna.davison", items.Single(i => i.Key == Key("user", "breanna.davison")).Name);
    }

    [Fact]
    public void Artist_lookup_depends_on_the_artists_database_and_belongs_to_its_portal()
    {
        var result = Examples();
        var artistLookup = Key("component", "artist-lookup");

        AssertEdge(result, artistLookup, RelationshipType.DependsOn, "backstage:resource:default/artists-db");
        AssertEdge(result, artistLookup, RelationshipType.PartOf, Key("system", "artist-engagement-portal"));
        AssertEdge(result, artistLookup, RelationshipType.OwnedBy, Key("group", "team-a"));
        Assert.Equal(CiClass.Database, result.Items.Single(i => i.Key == Key("resource", "artists-db")).Class);
    }

    [Fact]
    public void Provided_and_consumed_apis_become_edges()
    {
        var result = Examples();

        var petstoreProvides = result.Relationships
            .Where(r => r.FromKey == Key("component", "petstore") && r.Type == RelationshipType.ProvidesApi)
            .Select(r => r.ToKey);
        Assert.Equal([Key("api", "hello-world"), Key("api", "petstore"), Key("api", "streetlights")], petstoreProvides);
        AssertEdge(result, Key("component", "wayback-search"), RelationshipType.ProvidesApi, Key("api", "wayback-search"));
        AssertEdge(result, Key("component", "wayback-search"), RelationshipType.ConsumesApi, Key("api", "wayback-archive"));
        AssertEdge(result, Key("component", "wayback-archive"), RelationshipType.ProvidesApi, Key("api", "wayback-archive"));
        Assert.Single(result.Relationships, r => r.Type == RelationshipType.ConsumesApi);
        Assert.Equal(5, result.Relationships.Count(r => r.Type == RelationshipType.ProvidesApi));
    }

    [Fact]
    public void Subcomponents_are_part_of_their_component()
    {
        var result = Examples();

        AssertEdge(result, Key("component", "wayback-archive-ingestion"), RelationshipType.PartOf, Key("component", "wayback-archive"));
        AssertEdge(result, Key("component", "wayback-archive-storage"), RelationshipType.PartOf, Key("component", "wayback-archive"));
    }

    [Fact]
    public void Systems_are_part_of_their_domains()
    {
        var result = Examples();

        var systemToDomain = result.Relationships
            .Where(r => r.FromKey.StartsWith("backstage:system:", StringComparison.Ordinal) && r.Type == RelationshipType.PartOf)
            .Select(r => (r.FromKey, r.ToKey));
        Assert.Equal(
            [
                (Key("system", "artist-engagement-portal"), Key("domain", "artists")),
                (Key("system", "audio-playback"), Key("domain", "playback")),
                (Key("system", "podcast"), Key("domain", "playback")),
            ],
            systemToDomain);
    }

    [Fact]
    public void Owners_may_be_users()
    {
        var result = Examples();

        AssertEdge(result, Key("component", "playback-order"), RelationshipType.OwnedBy, Key("user", "guest"));
        AssertEdge(result, Key("domain", "playback"), RelationshipType.OwnedBy, Key("user", "frank.tiernan"));
    }

    [Theory]
    [InlineData("team-a", "backstage", "infrastructure", "acme-corp")]
    [InlineData("team-b", "backstage", "infrastructure", "acme-corp")]
    [InlineData("team-c", "boxoffice", "infrastructure", "acme-corp")]
    [InlineData("team-d", "boxoffice", "infrastructure", "acme-corp")]
    public void Group_parents_lead_up_to_the_organisation(params string[] chain)
    {
        var parents = Examples().Relationships
            .Where(r => r.FromKey.StartsWith("backstage:group:", StringComparison.Ordinal) && r.Type == RelationshipType.PartOf)
            .ToDictionary(r => r.FromKey, r => r.ToKey);

        var walked = new List<string> { Key("group", chain[0]) };
        while (parents.TryGetValue(walked[^1], out var parent))
        {
            walked.Add(parent);
        }

        Assert.Equal(chain.Select(g => Key("group", g)), walked);
    }

    [Fact]
    public void Users_are_part_of_their_groups()
    {
        var result = Examples();

        AssertEdge(result, Key("user", "breanna.davison"), RelationshipType.PartOf, Key("group", "team-a"));
        AssertEdge(result, Key("user", "lucy.sheehan"), RelationshipType.PartOf, Key("group", "team-d"));
        Assert.Equal(16, result.Relationships.Count(r => r.FromKey.StartsWith("backstage:user:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Each_component_may_belong_to_the_catalogue_service_of_its_name()
    {
        var links = Examples().Links;

        Assert.Equal(13, links.Count);
        Assert.All(links, l => Assert.Equal(RelationshipType.PartOf, l.Type));
        Assert.Contains(links, l => l.FromKey == Key("component", "playback-sdk") && l.CandidateKeys.SequenceEqual(["service:playback-sdk"]));
    }

    [Fact]
    public void Components_read_alone_leave_their_owners_systems_and_apis_unresolved()
    {
        var result = BackstageDiscovery.Discover(Read("components"));

        Assert.Equal(13, result.Items.Count);
        Assert.DoesNotContain(result.Relationships, r => r.Type != RelationshipType.PartOf);
        var artistLookup = result.Unresolved.Where(u => u.FromKey == Key("component", "artist-lookup")).Select(u => u.Reference);
        Assert.Equal(["group:default/team-a", "resource:default/artists-db", "system:default/artist-engagement-portal"], artistLookup);
        Assert.Contains(result.Unresolved, u => u.FromKey == Key("component", "petstore") && u.Reference == "api:default/streetlights");
        // The two subcomponents find wayback-archive among the components.
        Assert.Equal(2, result.Relationships.Count);
    }

    [Fact]
    public void The_all_files_are_locations_and_add_nothing()
    {
        // In this snapshot the all-*.yaml files are Location entities listing the per-entity files, not the entities.
        var result = BackstageDiscovery.Discover(Read(".", "all-*.yaml"));

        Assert.Empty(result.Items);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_multi_document_file_gives_the_same_cis_as_the_files_it_joins()
    {
        var perFile = Read("components").Concat(Read("apis")).ToList();
        var joined = new SourceDocument("joined.yaml", string.Join("\n---\n", perFile.Select(d => d.Content)));

        var separate = BackstageDiscovery.Discover(perFile);
        var together = BackstageDiscovery.Discover([joined]);

        Assert.Equal(separate.Items.Select(i => i.Key), together.Items.Select(i => i.Key));
        Assert.Equal(separate.Relationships, together.Relationships);
        Assert.Equal(20, together.Items.Count);

        var both = BackstageDiscovery.Discover([joined, .. perFile]);
        Assert.Equal(20, both.Items.Count);
        Assert.Equal(20, both.Warnings.Count);
        Assert.All(both.Warnings, w => Assert.Contains("also defined in joined.yaml", w.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_first_definition_of_an_entity_wins()
    {
        var result = BackstageDiscovery.Discover(
        [
            new("a.yaml", Entity("Component", "cart", "description: first")),
            new("b.yaml", Entity("Component", "Cart", "description: second")),
        ]);

        Assert.Equal("first", (string?)Assert.Single(result.Items).Attributes["description"]);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("b.yaml", warning.Document);
    }

    [Theory]
    [InlineData("database", CiClass.Database)]
    [InlineData("Database", CiClass.Database)]
    [InlineData("queue", CiClass.Queue)]
    [InlineData("kafka-topic", CiClass.Queue)]
    [InlineData("SQS", CiClass.Queue)]
    [InlineData("message_queue", CiClass.Queue)]
    [InlineData("s3-bucket", CiClass.CloudResource)]
    [InlineData("databases-backup", CiClass.CloudResource)]
    public void Resources_are_classed_by_their_type(string type, CiClass expected)
    {
        var result = BackstageDiscovery.Discover([new("r.yaml", Entity("Resource", "thing", spec: $"type: {type}"))]);

        Assert.Equal(expected, Assert.Single(result.Items).Class);
    }

    [Fact]
    public void Resources_without_a_type_are_cloud_resources()
    {
        var result = BackstageDiscovery.Discover([new("r.yaml", Entity("Resource", "thing"))]);

        Assert.Equal(CiClass.CloudResource, Assert.Single(result.Items).Class);
    }

    [Fact]
    public void References_default_to_the_referring_entitys_namespace_and_may_name_another()
    {
        var result = BackstageDiscovery.Discover(
        [
            new("music.yaml", Entity("Component", "player", "namespace: Music", "owner: team-x\nsystem: default/audio")),
            new("team.yaml", Entity("Group", "team-x", "namespace: music")),
            new("system.yaml", Entity("System", "audio")),
        ]);

        AssertEdge(result, "backstage:component:music/player", RelationshipType.OwnedBy, "backstage:group:music/team-x");
        AssertEdge(result, "backstage:component:music/player", RelationshipType.PartOf, "backstage:system:default/audio");
        Assert.Equal("music", result.Items.Single(i => i.Key == "backstage:component:music/player").Scope);
    }

    [Theory]
    [InlineData("team-a", "group", "default", "group:default/team-a")]
    [InlineData("user:guest", "group", "default", "user:default/guest")]
    [InlineData("Component:Music/Player", null, "default", "component:music/player")]
    [InlineData("other/team-b", "group", "music", "group:other/team-b")]
    [InlineData("team-b", "group", "music", "group:music/team-b")]
    [InlineData("artists-db", null, "default", null)]
    [InlineData("resource:", null, "default", null)]
    [InlineData("a/b/c", "group", "default", null)]
    public void Entity_references_follow_backstages_rules(string text, string? defaultKind, string defaultNamespace, string? expected) =>
        Assert.Equal(expected, EntityReference.Parse(text, defaultKind, defaultNamespace)?.ToString());

    [Fact]
    public void A_dependency_without_a_kind_is_unresolved()
    {
        var result = BackstageDiscovery.Discover(
        [
            new("c.yaml", Entity("Component", "cart", spec: "dependsOn: [artists-db, 'resource:']")),
            new("r.yaml", Entity("Resource", "artists-db")),
        ]);

        Assert.Empty(result.Relationships);
        var unresolved = result.Unresolved.ToDictionary(u => u.Reference, u => u.Reason);
        Assert.Contains("has no kind", unresolved["artists-db"], StringComparison.Ordinal);
        Assert.Contains("is not an entity reference", unresolved["resource:"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_to_an_entity_not_read_is_unresolved_with_its_full_reference()
    {
        var result = BackstageDiscovery.Discover([new("c.yaml", Entity("Component", "cart", spec: "owner: user:Jane\nconsumesApis: [payments]"))]);

        Assert.Equal(["api:default/payments", "user:default/jane"], result.Unresolved.Select(u => u.Reference));
        Assert.Single(result.Items);
    }

    [Fact]
    public void Repository_annotations_become_built_from_links()
    {
        var result = BackstageDiscovery.Discover(
        [
            new("c.yaml", Entity("Component", "payments", """
                annotations:
                    github.com/project-slug: Acme/Payments
                    backstage.io/source-location: url:https://github.com/acme/payments/tree/main/src/
                """)),
            new("g.yaml", Entity("API", "ledger", """
                annotations:
                    backstage.io/source-location: url:https://gitlab.com/acme/ledger.git
                """)),
            new("h.yaml", Entity("API", "billing", """
                annotations:
                    gitlab.com/project-slug: acme/billing
                    backstage.io/source-location: url:https://github.com/acme/other/blob/main/catalog-info.yaml
                """)),
        ]);

        var builtFrom = result.Links.Where(l => l.Type == RelationshipType.BuiltFrom).ToDictionary(l => l.FromKey, l => l.CandidateKeys);
        Assert.Equal(["repo:github.com/acme/payments"], builtFrom[Key("component", "payments")]);
        Assert.Equal(["repo:gitlab.com/acme/ledger"], builtFrom[Key("api", "ledger")]);
        Assert.Equal(["repo:gitlab.com/acme/billing", "repo:github.com/acme/other"], builtFrom[Key("api", "billing")]);
        Assert.Contains(result.Links, l => l.FromKey == Key("component", "payments") && l.Type == RelationshipType.PartOf
            && l.CandidateKeys.SequenceEqual(["service:payments"]));
        Assert.Equal("Acme/Payments", (string?)result.Items.Single(i => i.Class == CiClass.TechnicalService).Attributes["annotations"]!["github.com/project-slug"]);
    }

    [Theory]
    [InlineData("url:https://github.com/acme/payments/tree/main/svc", "github.com/acme/payments")]
    [InlineData("url:https://github.com/acme/payments/blob/main/catalog-info.yaml", "github.com/acme/payments")]
    [InlineData("url:https://github.com/acme/payments.git", "github.com/acme/payments")]
    [InlineData("url:https://gitlab.com/group/sub/project/-/tree/main", "gitlab.com/group/sub/project")]
    [InlineData("file:./catalog-info.yaml", null)]
    [InlineData("url:https://github.com/", null)]
    public void Source_locations_name_their_repository(string location, string? expected) =>
        Assert.Equal(expected, BackstageDiscovery.SourceLocationRepository(location));

    [Fact]
    public void Locations_are_skipped_silently_and_other_kinds_are_warned_about()
    {
        var result = BackstageDiscovery.Discover(
        [
            new("l.yaml", Entity("Location", "somewhere")),
            new("t.yaml", Entity("Template", "starter")),
            new("k.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"),
            new("n.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  description: no name\n---\n---\n"),
        ]);

        Assert.Empty(result.Items);
        Assert.Equal(["t.yaml", "k.yaml", "n.yaml"], result.Warnings.Select(w => w.Document));
        Assert.Contains("needs a kind and a metadata.name", result.Warnings[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_that_does_not_parse_throws_with_its_position()
    {
        var document = new SourceDocument("broken.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n owner: team-a\nspec: {}\n");

        var e = Assert.Throws<DiscoveryException>(() => BackstageDiscovery.Discover([document]));

        Assert.Equal("broken.yaml", e.Document);
        Assert.NotNull(e.Line);
        Assert.NotNull(e.Column);
        Assert.Equal((5, 2), (e.Line, e.Column));
        Assert.StartsWith("broken.yaml:5:2:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapping_with_a_repeated_key_throws_with_its_position()
    {
        var document = new SourceDocument("twice.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n  name: b\n");

        var e = Assert.Throws<DiscoveryException>(() => BackstageDiscovery.Discover([document]));

        Assert.Equal(("twice.yaml", 5), (e.Document, e.Line));
    }

    private static string Entity(string kind, string name, string metadata = "", string spec = "") =>
        $"""
        apiVersion: backstage.io/v1alpha1
        kind: {kind}
        metadata:
          name: {name}
          {Indent(metadata)}
        spec:
          {Indent(spec)}
        """;

    private static string Indent(string text) => text.Replace("\n", "\n  ", StringComparison.Ordinal);
}
