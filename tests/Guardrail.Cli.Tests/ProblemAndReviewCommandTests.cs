using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

/// <summary>The problem, review and follow-up verbs. Incidents are made in the store (<see cref="IncidentSeed"/>).</summary>
public sealed class ProblemAndReviewCommandTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    private async Task<string> ResolvedIncidentAsync(string title, string service)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        return (await IncidentSeed.CreateAsync(app.Services, new IncidentSpec(title, [service], now.AddHours(-2), now.AddHours(-2), now.AddMinutes(-100), now.AddMinutes(-30),
            Events: [new(now.AddHours(-2), "opened", "Opened."), new(now.AddMinutes(-30), "resolved", "Restored.")]))).Number;
    }

    [Fact]
    public async Task A_problem_is_logged_linked_analysed_and_found_as_a_known_error()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var (_, service, _) = await ChangeFixtures.CreateAsync(app, "tier2", "production");
        var first = await ResolvedIncidentAsync("Checkout is slow", service);
        var second = await ResolvedIncidentAsync("Gateway answers 504 at checkout", service);

        var created = await RunAsync(app, admin, ExitCodes.Success,
            "problem", "create", "--title", "Checkout times out under load", "--symptoms", "HTTP 504 from the gateway", "--incident", first, "--json");
        var problem = JsonNode.Parse(created.Out)!["problem"]!["number"]!.GetValue<string>();
        var linked = await RunAsync(app, admin, ExitCodes.Success, "problem", "link", problem, second);
        var known = await RunAsync(app, admin, ExitCodes.Success,
            "problem", "update", problem, "--root-cause", "The gateway pool is too small.", "--workaround", "Scale the gateway to six replicas.", "--state", "known-error");
        var forIncident = await RunAsync(app, admin, ExitCodes.Success, "problem", "known-errors", "--incident", second);
        var listed = await RunAsync(app, admin, ExitCodes.Success, "problem", "list", "--known-errors", "--service", service, "--json");
        var unlinked = await RunAsync(app, admin, ExitCodes.Success, "problem", "link", problem, first, "--unlink");
        var shown = await RunAsync(app, admin, ExitCodes.Success, "problem", "show", problem);
        var refused = await RunAsync(app, admin, ExitCodes.Refused, "problem", "update", problem, "--state", "resolved");

        Assert.Equal($"{problem} explains {first}, {second}.", linked.Out.Trim());
        Assert.Equal($"{problem} is known-error.", known.Out.Trim());
        Assert.Contains(problem, forIncident.Out, StringComparison.Ordinal);
        Assert.Contains("Scale the gateway to six replicas.", forIncident.Out, StringComparison.Ordinal);
        Assert.Equal([problem], JsonNode.Parse(listed.Out)!.AsArray().Select(p => p!["number"]!.GetValue<string>()));
        Assert.Equal($"{problem} explains {second}.", unlinked.Out.Trim());
        Assert.Matches(@"(?m)^state\s+known-error \(known error since ", shown.Out);
        Assert.Contains("The gateway pool is too small.", shown.Out, StringComparison.Ordinal);
        Assert.Contains("incident-unlinked", shown.Out, StringComparison.Ordinal);
        Assert.Contains("[problem.fix_required]", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_review_is_drafted_shown_exported_and_its_overdue_follow_up_done()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var (team, service, _) = await ChangeFixtures.CreateAsync(app, "tier1", "production");
        var incident = await ResolvedIncidentAsync("Payments time out", service);

        var drafted = await RunAsync(app, admin, ExitCodes.Success, "review", "draft", incident);
        var again = await RunAsync(app, admin, ExitCodes.Success, "review", "draft", incident);
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var added = await http.PostAsJsonAsync($"/api/v1/reviews/{incident}/follow-ups", new FollowUpRequest("Alert on pool use", OwnerTeam: team, Due: today.AddDays(1)));
        Assert.Equal(System.Net.HttpStatusCode.Created, added.StatusCode);
        var followUp = JsonNode.Parse(await added.Content.ReadAsStringAsync())!["id"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var notYet = await RunAsync(app, admin, ExitCodes.Success, "followup", "list", "--overdue", "--incident", incident, "--json");
        app.Clock.Advance(TimeSpan.FromDays(2));
        var overdue = await RunAsync(app, admin, ExitCodes.Success, "followup", "list", "--overdue", "--incident", incident);
        var done = await RunAsync(app, admin, ExitCodes.Success, "followup", "update", followUp, "--state", "done", "--outcome", "Alert added.");
        var cleared = await RunAsync(app, admin, ExitCodes.Success, "followup", "list", "--overdue", "--incident", incident, "--json");
        var shown = await RunAsync(app, admin, ExitCodes.Success, "review", "show", incident);
        var file = Path.Combine(app.DataDirectory, "review.md");
        var exported = await RunAsync(app, admin, ExitCodes.Success, "review", "export", incident, "--output", file);
        var printed = await RunAsync(app, admin, ExitCodes.Success, "review", "export", incident);
        var missing = await RunAsync(app, admin, ExitCodes.Refused, "review", "show", "999999999");

        Assert.Matches($@"^Drafted review \d+ of {incident} \(draft\)\.", drafted.Out);
        Assert.StartsWith("Already drafted: review", again.Out, StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse(notYet.Out)!.AsArray());
        Assert.Matches($@"(?m)^\s*{followUp}\s+{incident}\s+\S+\s+open \(overdue\)\s+team {team}\s+Alert on pool use", overdue.Out);
        Assert.Equal($"Follow-up {followUp} is done.", done.Out.Trim());
        Assert.Empty(JsonNode.Parse(cleared.Out)!.AsArray());
        Assert.Contains("Timeline", shown.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^time to restore\s+1 h 30 min from impact start, 1 h 30 min from logged", shown.Out);
        Assert.Equal($"Wrote {file}.", exported.Out.Trim());
        var markdown = await File.ReadAllTextAsync(file);
        Assert.StartsWith($"# Post-incident review: {incident} Payments time out", markdown, StringComparison.Ordinal);
        Assert.Contains("| Alert on pool use |", markdown, StringComparison.Ordinal);
        Assert.Equal(markdown, printed.Out);
        Assert.Contains("[review.not_found]", missing.Error, StringComparison.Ordinal);
    }
}
