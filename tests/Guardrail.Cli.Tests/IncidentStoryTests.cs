using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Cli.Tests.ChangeFixtures;
using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

/// <summary>An incident's whole life told through the incident verbs, and the settings shown and changed from a file.</summary>
public sealed class IncidentStoryTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task A_responder_declares_acknowledges_holds_resolves_reopens_and_closes_an_incident_and_a_closed_one_refuses_to_reopen()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var responder = await app.IssueTokenAsync(Role.Responder);
        var (team, service, _) = await CreateAsync(app, "tier1", "production");
        var oncall = UniqueKey("oncall");
        using (var client = app.CreateClient())
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", admin);
            using var created = await client.PostAsJsonAsync("api/v1/users", new CreateUserRequest(oncall, "On call", "responder", "a-long-enough-password"));
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        var declared = JsonNode.Parse((await RunAsync(app, responder, ExitCodes.Success, "incident", "create", "--title", "Checkout returns 500",
            "--impact", "high", "--urgency", "high", "--service", service, "--major", "true", "--reporter-email", "shop@example.com", "--json")).Out)!;
        var number = declared["incident"]!["number"]!.GetValue<string>();
        var acknowledged = await RunAsync(app, responder, ExitCodes.Success, "incident", "ack", number);
        var noReason = await RunAsync(app, responder, ExitCodes.Usage, "incident", "hold", number);
        await RunAsync(app, responder, ExitCodes.Success, "incident", "hold", number, "--reason", "Waiting for the bank");
        await RunAsync(app, responder, ExitCodes.Success, "incident", "resume", number);
        var assigned = await RunAsync(app, responder, ExitCodes.Success, "incident", "assign", number, "--to", oncall, "--team", team);
        await RunAsync(app, responder, ExitCodes.Success, "incident", "comment", number, "Rollback under way");
        await RunAsync(app, responder, ExitCodes.Success, "incident", "update", number, "--title", "Checkout returns 500 for card payments");
        var resolved = await RunAsync(app, responder, ExitCodes.Success, "incident", "resolve", number, "--notes", "Rolled back release 4.2");
        await RunAsync(app, responder, ExitCodes.Success, "incident", "reopen", number, "--reason", "Errors are back");
        await RunAsync(app, responder, ExitCodes.Success, "incident", "resolve", number, "--notes", "Feature flag off");
        var closed = await RunAsync(app, responder, ExitCodes.Success, "incident", "close", number);
        var refused = await RunAsync(app, responder, ExitCodes.Refused, "incident", "reopen", number, "--reason", "Once more");
        var shown = await RunAsync(app, responder, ExitCodes.Success, "incident", "show", number);
        var listed = JsonNode.Parse((await RunAsync(app, responder, ExitCodes.Success, "incident", "list", "--service", service, "--major", "true", "--json")).Out)!.AsArray();
        var table = await RunAsync(app, responder, ExitCodes.Success, "incident", "list", "--service", service);

        Assert.Equal(("p1", "new", true), (declared["incident"]!["priority"]!.GetValue<string>(), declared["incident"]!["state"]!.GetValue<string>(),
            declared["incident"]!["major"]!.GetValue<bool>()));
        Assert.StartsWith($"{number} is acknowledged (p1)", acknowledged.Out, StringComparison.Ordinal);
        Assert.Contains("--reason", noReason.Error, StringComparison.Ordinal);
        Assert.StartsWith($"{number} is assigned to {oncall} of team {team}.", assigned.Out, StringComparison.Ordinal);
        Assert.StartsWith($"{number} is resolved", resolved.Out, StringComparison.Ordinal);
        Assert.StartsWith($"{number} is closed", closed.Out, StringComparison.Ordinal);
        Assert.Contains("[incident.invalid_transition]", refused.Error, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^state\s+closed\s*$", shown.Out);
        Assert.Matches($@"(?m)^assignee\s+{oncall}\s*$", shown.Out);
        Assert.Contains("shop@example.com", shown.Out, StringComparison.Ordinal);
        Assert.Contains("Checkout returns 500 for card payments", shown.Out, StringComparison.Ordinal);
        Assert.Contains("Feature flag off", shown.Out, StringComparison.Ordinal);
        foreach (var line in new[] { "Waiting for the bank", "Rollback under way", "Errors are back", "Timeline" })
            Assert.Contains(line, shown.Out, StringComparison.Ordinal);
        Assert.Equal(number, Assert.Single(listed)!["number"]!.GetValue<string>());
        Assert.Contains(number, table.Out, StringComparison.Ordinal);
        Assert.Contains("1 row", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_settings_are_shown_and_changed_from_a_json_file_and_a_bad_one_is_refused_with_its_field()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var file = Path.Combine(app.DataDirectory, $"{UniqueKey("settings")}.json");
        await File.WriteAllTextAsync(file, """{ "reopenWindowMinutes": 45, "businessHours": { "timeZone": "Europe/Berlin", "workingDays": ["monday", "friday"], "start": "08:00", "end": "12:00" } }""");
        var bad = Path.Combine(app.DataDirectory, $"{UniqueKey("bad")}.json");
        await File.WriteAllTextAsync(bad, """{ "warningShare": 2 }""");

        var before = await RunAsync(app, admin, ExitCodes.Success, "incident", "settings", "show");
        var applied = await RunAsync(app, admin, ExitCodes.Success, "incident", "settings", "apply", file);
        var refused = await RunAsync(app, admin, ExitCodes.Refused, "incident", "settings", "apply", bad);
        var after = JsonNode.Parse((await RunAsync(app, admin, ExitCodes.Success, "incident", "settings", "show", "--json")).Out)!;

        Assert.Contains("(the defaults)", before.Out, StringComparison.Ordinal);
        Assert.Contains("around-the-clock", before.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s*high\s+p1\s+p2\s+p3\s*$", before.Out);
        Assert.Contains("at version 1", applied.Out, StringComparison.Ordinal);
        Assert.Contains("warningShare", refused.Error, StringComparison.Ordinal);
        Assert.Equal((45, "Europe/Berlin", 1), (after["reopenWindowMinutes"]!.GetValue<int>(), after["businessHours"]!["timeZone"]!.GetValue<string>(), after["version"]!.GetValue<int>()));
    }
}
