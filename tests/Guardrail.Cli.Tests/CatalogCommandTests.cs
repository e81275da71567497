using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

/// <summary>The catalogue verbs against a real server (one migrated SQLite store for the class; every test uses its own keys).</summary>
public class CatalogCommandTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task Team_create_then_show_prints_the_created_team_as_json()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var key = UniqueKey("team");

        var created = await RunAsync(app, admin, ExitCodes.Success,
            "team", "create", "--key", key, "--name", "Payments", "--contact-email", "payments@example.com", "--json");
        var shown = await RunAsync(app, admin, ExitCodes.Success, "team", "show", key, "--json");

        var team = JsonNode.Parse(shown.Out)!;
        Assert.Equal(key, team["key"]!.GetValue<string>());
        Assert.Equal("Payments", team["name"]!.GetValue<string>());
        Assert.Equal("payments@example.com", team["contactEmail"]!.GetValue<string>());
        Assert.Equal(1, team["version"]!.GetValue<long>());
        Assert.Equal(JsonNode.Parse(created.Out)!["id"]!.GetValue<long>(), team["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Team_show_of_an_unknown_key_exits_1_with_the_problem_code()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);

        var result = await RunAsync(app, admin, ExitCodes.Refused, "team", "show", UniqueKey("missing"));

        Assert.Contains("[team.not_found]", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Service_list_by_team_lists_exactly_that_teams_services()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var team = await CreateTeamAsync(admin);
        var otherTeam = await CreateTeamAsync(admin);
        var mine = await CreateServiceAsync(admin, team);
        await CreateServiceAsync(admin, otherTeam);

        var listed = await RunAsync(app, admin, ExitCodes.Success, "service", "list", "--team", team, "--json");

        var service = Assert.Single(JsonNode.Parse(listed.Out)!.AsArray());
        Assert.Equal(mine, service!["key"]!.GetValue<string>());
        Assert.Equal(team, service["ownerTeam"]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Service_list_prints_a_table_by_default()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var team = await CreateTeamAsync(admin);
        var service = await CreateServiceAsync(admin, team);

        var listed = await RunAsync(app, admin, ExitCodes.Success, "service", "list", "--team", team);

        Assert.Contains("CRITICALITY", listed.Out, StringComparison.Ordinal);
        Assert.Contains(service, listed.Out, StringComparison.Ordinal);
        Assert.Contains("1 row", listed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_update_changes_only_the_given_fields_and_bumps_the_version()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var team = await CreateTeamAsync(admin);
        var business = UniqueKey("biz");
        await RunAsync(app, admin, ExitCodes.Success,
            "service", "create", "--key", business, "--name", "Banking", "--kind", "business", "--criticality", "tier1", "--owner-team", team);
        var key = UniqueKey("svc");
        await RunAsync(app, admin, ExitCodes.Success,
            "service", "create", "--key", key, "--name", "Old name", "--kind", "technical", "--criticality", "tier2",
            "--owner-team", team, "--business-service", business, "--description", "Moves money.");

        var updated = await RunAsync(app, admin, ExitCodes.Success, "service", "update", key, "--name", "New name", "--json");

        var service = JsonNode.Parse(updated.Out)!;
        Assert.Equal("New name", service["name"]!.GetValue<string>());
        Assert.Equal(2, service["version"]!.GetValue<long>());
        Assert.Equal(key, service["key"]!.GetValue<string>());
        Assert.Equal("technical", service["kind"]!.GetValue<string>());
        Assert.Equal("tier2", service["criticality"]!.GetValue<string>());
        Assert.Equal(team, service["ownerTeam"]!["key"]!.GetValue<string>());
        Assert.Equal(business, service["businessService"]!["key"]!.GetValue<string>());
        Assert.Equal("Moves money.", service["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_create_with_an_unknown_criticality_exits_1_and_names_the_field()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var team = await CreateTeamAsync(admin);
        var key = UniqueKey("svc");

        var result = await RunAsync(app, admin, ExitCodes.Refused,
            "service", "create", "--key", key, "--name", "N", "--kind", "technical", "--criticality", "tier9", "--owner-team", team);

        Assert.Contains("[validation.failed]", result.Error, StringComparison.Ordinal);
        Assert.Contains("criticality:", result.Error, StringComparison.Ordinal);
        await RunAsync(app, admin, ExitCodes.Refused, "service", "show", key);
    }

    [Fact]
    public async Task A_reader_cannot_create_a_service()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var team = await CreateTeamAsync(admin);
        var reader = await app.IssueTokenAsync(Role.Reader);
        var key = UniqueKey("svc");

        var result = await RunAsync(app, reader, ExitCodes.Refused,
            "service", "create", "--key", key, "--name", "N", "--kind", "technical", "--criticality", "tier3", "--owner-team", team);

        Assert.Contains("[auth.forbidden]", result.Error, StringComparison.Ordinal);
        await RunAsync(app, admin, ExitCodes.Refused, "service", "show", key);
    }

    [Fact]
    public async Task Without_a_token_the_server_asks_for_one()
    {
        var result = await RunAsync(app, "team", "list");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("[auth.token_required]", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_token_is_refused_as_invalid()
    {
        var result = await RunAsync(app, "grd_not-a-real-token", ExitCodes.Refused, "team", "list");

        Assert.Contains("[auth.token_invalid]", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_verify_reports_an_intact_chain()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        await CreateTeamAsync(admin);

        var result = await RunAsync(app, admin, ExitCodes.Success, "audit", "verify");

        Assert.Contains("intact", result.Out, StringComparison.Ordinal);
    }

    private async Task<string> CreateTeamAsync(string token)
    {
        var key = UniqueKey("team");
        await RunAsync(app, token, ExitCodes.Success, "team", "create", "--key", key, "--name", $"Team {key}");
        return key;
    }

    private async Task<string> CreateServiceAsync(string token, string team)
    {
        var key = UniqueKey("svc");
        await RunAsync(app, token, ExitCodes.Success,
            "service", "create", "--key", key, "--name", $"Service {key}", "--kind", "technical", "--criticality", "tier3", "--owner-team", team);
        return key;
    }
}
