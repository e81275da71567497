using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Cli.Tests.ChangeFixtures;
using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

/// <summary>The change verbs, and a pipeline's whole story told through the CLI with an approval given in Slack.</summary>
public sealed class ChangeStoryTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    private const string SlackSecret = "slack-signing-secret-for-the-story";

    [Fact]
    public async Task A_pipeline_deploys_to_test_at_once_waits_for_production_approvals_from_slack_and_the_cli_then_closes_the_change()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var pipeline = await app.IssueTokenAsync(Role.Pipeline);
        var (_, minor, test) = await CreateAsync(app, "tier4", "test");
        var (_, shop, production) = await CreateAsync(app, "tier1", "production");
        var sha = Sha();

        // Low risk: a standard model pre-authorises test deployments.
        var toTest = await RunAsync(app, pipeline, GateExitCodes.Approved,
            "gate", "--service", minor, "--environment", test, "--commit", sha, "--pipeline-run-id", UniqueKey("run"));
        Assert.StartsWith("approved:", toTest.Out, StringComparison.Ordinal);

        // High risk: production of a tier1 service goes to the CAB, whose quorum is 2.
        var run = UniqueKey("run");
        string[] gate = ["gate", "--service", shop, "--environment", production, "--commit", sha, "--pipeline-run-id", run, "--evidence", "tests=passed"];
        var pending = JsonNode.Parse((await RunAsync(app, pipeline, GateExitCodes.Pending, [.. gate, "--json"])).Out)!;
        var change = pending["change"]!.GetValue<string>();
        Assert.Equal(("cab", 2), (pending["route"]!.GetValue<string>(), pending["quorum"]!.GetValue<int>()));

        // Two approvers: one linked to Slack, one voting from the CLI with a token that acts for them.
        var (ana, ben, slackId) = (UniqueKey("ana"), UniqueKey("ben"), $"U{Guid.NewGuid():N}"[..12].ToUpperInvariant());
        await CreateUserAsync(admin, ana, slackId);
        await CreateUserAsync(admin, ben, slackUserId: null);
        await RunWithInputAsync(app, admin, SlackSecret + "\n", ExitCodes.Success, "integration", "create", "--kind", "slack", "--secret-stdin");
        var benToken = JsonNode.Parse((await CliRunner.RunAsync("token", "create", "--role", "approver", "--user", ben, "--data", app.DataDirectory, "--json")).Out)!["token"]!
            .GetValue<string>();

        var slackReply = await SlashCommandAsync($"approve {change} looks good", slackId);
        Assert.Contains("Your vote is recorded", slackReply, StringComparison.Ordinal);
        Assert.Contains("1 of 2 approvals", slackReply, StringComparison.Ordinal);

        // The pipeline waits; the second approval releases it.
        var waiting = RunAsync(app, pipeline, GateExitCodes.Approved, [.. gate, "--wait", "30s"]);
        var approved = await RunAsync(app, benToken, ExitCodes.Success, "change", "approve", change, "--comment", "CAB ok");
        var released = await waiting;
        Assert.StartsWith($"{change} is scheduled", approved.Out, StringComparison.Ordinal);
        Assert.StartsWith($"approved: {change} may deploy.", released.Out, StringComparison.Ordinal);

        var reported = await RunAsync(app, pipeline, ExitCodes.Success, "change", "outcome", change, "--outcome", "implemented");
        var shown = await RunAsync(app, admin, ExitCodes.Success, "change", "show", change);
        var listed = await RunAsync(app, admin, ExitCodes.Success, "change", "list", "--service", shop, "--state", "closed", "--json");

        Assert.StartsWith($"{change} is closed (implemented).", reported.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^state\s+closed\s*$", shown.Out);
        Assert.Matches(@"(?m)^outcome\s+implemented\s*$", shown.Out);
        Assert.Contains("looks good", shown.Out, StringComparison.Ordinal);
        Assert.Contains("slack", shown.Out, StringComparison.Ordinal);
        Assert.Contains("CAB ok", shown.Out, StringComparison.Ordinal);
        Assert.Contains("Timeline", shown.Out, StringComparison.Ordinal);
        Assert.Contains("Risk factors", shown.Out, StringComparison.Ordinal);
        Assert.Equal(change, Assert.Single(JsonNode.Parse(listed.Out)!.AsArray())!["number"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_change_made_by_hand_is_edited_submitted_or_cancelled_and_shows_on_the_calendar()
    {
        var manager = await app.IssueTokenAsync(Role.ChangeManager);
        var (_, service, environment) = await CreateAsync(app, "tier3", "staging");
        var start = TimeProvider.System.GetUtcNow().UtcDateTime.Date.AddDays(3).AddHours(20);
        string[] create = ["change", "create", "--service", service, "--environment", environment, "--model", "config",
            "--planned-start", start.ToString("s", CultureInfo.InvariantCulture), "--planned-end", start.AddHours(1).ToString("s", CultureInfo.InvariantCulture), "--json"];

        var first = JsonNode.Parse((await RunAsync(app, manager, ExitCodes.Success, [.. create, "--title", "Raise the pool size"])).Out)!["change"]!["number"]!.GetValue<string>();
        var second = JsonNode.Parse((await RunAsync(app, manager, ExitCodes.Success, [.. create, "--title", "Rotate the keys"])).Out)!["change"]!["number"]!.GetValue<string>();
        await RunAsync(app, manager, ExitCodes.Success, "change", "update", first, "--title", "Raise the pool size to 40", "--implementer", "ops-oncall");
        var edited = JsonNode.Parse((await RunAsync(app, manager, ExitCodes.Success, "change", "show", first, "--json")).Out)!["change"]!;
        var submitted = await RunAsync(app, manager, ExitCodes.Success, "change", "submit", first);
        var cancelled = await RunAsync(app, manager, ExitCodes.Success, "change", "cancel", second, "--comment", "Not needed");
        var calendar = await RunAsync(app, manager, ExitCodes.Success, "change", "calendar",
            "--from", start.Date.ToString("s", CultureInfo.InvariantCulture), "--to", start.Date.AddDays(1).ToString("s", CultureInfo.InvariantCulture), "--service", service);
        var refused = await RunAsync(app, manager, ExitCodes.Refused, "change", "submit", second);

        Assert.Equal("Raise the pool size to 40", edited["title"]!.GetValue<string>());
        Assert.Equal("ops-oncall", edited["implementer"]!.GetValue<string>());
        Assert.Equal(start.AddHours(1), edited["plannedEnd"]!.GetValue<DateTime>());
        Assert.Matches($"^{first} is (scheduled|authorisation)", submitted.Out);
        Assert.StartsWith($"{second} is cancelled.", cancelled.Out, StringComparison.Ordinal);
        Assert.Contains(first, calendar.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(second, calendar.Out, StringComparison.Ordinal);
        Assert.Contains("change.", refused.Error, StringComparison.Ordinal);
    }

    private async Task CreateUserAsync(string adminToken, string userName, string? slackUserId)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);
        using var created = await client.PostAsJsonAsync("api/v1/users",
            new CreateUserRequest(userName, $"Approver {userName}", "approver", "a-long-enough-password", SlackUserId: slackUserId));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
    }

    /// <summary>A slash command as Slack sends it: form-encoded, signed with the app's signing secret.</summary>
    private async Task<string> SlashCommandAsync(string text, string userId)
    {
        var body = $"command={Uri.EscapeDataString("/guardrail")}&text={Uri.EscapeDataString(text)}&user_id={userId}";
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(SlackSecret));
        var signature = "v0=" + Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "hooks/slack") { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        using var response = await client.SendAsync(request);
        var reply = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, reply);
        return JsonNode.Parse(reply)!["text"]!.GetValue<string>();
    }
}
