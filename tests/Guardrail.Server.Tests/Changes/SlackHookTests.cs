using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Changes;

public sealed class SlackHookTests
{
    private static readonly JsonNode s_vector = JsonNode.Parse(Corpus.Bytes("slack/signature-test-vector.json"))!;

    private static async Task<(ChangeWorld World, string Number, long Id, string SlackUserId)> PendingChangeAsync(ChangeApp app)
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var slackUserId = "U" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await world.PersonAsync(team: target.Team, slackUserId: slackUserId);
        var pending = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));
        return (world, ChangeWorld.Text(pending["change"]), pending["changeId"]!.GetValue<long>(), slackUserId);
    }

    [Fact]
    public async Task The_published_vector_is_accepted_when_the_clock_is_at_its_timestamp()
    {
        using var app = new ChangeApp();
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("slack");
        await Webhooks.CreateIntegrationAsync(admin, "slack", name, secret: s_vector["signing_secret"]!.GetValue<string>());
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(s_vector["headers"]!["X-Slack-Request-Timestamp"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        app.Clock.SetNow(sentAt.AddSeconds(60));

        var request = Webhooks.Raw($"/hooks/slack/{name}", Encoding.UTF8.GetBytes(s_vector["raw_body"]!.GetValue<string>()), "application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", s_vector["headers"]!["X-Slack-Request-Timestamp"]!.GetValue<string>());
        request.Headers.Add("X-Slack-Signature", s_vector["headers"]!["X-Slack-Signature"]!.GetValue<string>());
        var response = await app.CreateClient().SendAsync(request);

        // Verified: the body is read, and its empty text is not a command, so the person is shown the usage.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Usage: /guardrail", ChangeWorld.Text((await response.ReadJsonAsync())["text"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_linked_approver_approves_with_a_button_and_the_vote_is_recorded_as_slack()
    {
        using var app = new ChangeApp();
        var (world, number, _, slackUserId) = await PendingChangeAsync(app);
        var (name, secret) = await Slack.IntegrationAsync(world);

        var replied = await app.CreateClient().SendAsync(Slack.Signed($"/hooks/slack/{name}", secret,
            Slack.ButtonClick(slackUserId, ChangeAnnouncer.ApproveAction, number), app.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        Assert.Contains("Your vote is recorded", ChangeWorld.Text((await replied.ReadJsonAsync())["text"]), StringComparison.Ordinal);
        var change = await world.ChangeAsync(number);
        Assert.Equal("scheduled", ChangeWorld.Text(change["change"]!["state"]));
        Assert.Equal("slack", ChangeWorld.Text(Assert.Single(change["approvals"]!.AsArray())!["channel"]));
    }

    [Fact]
    public async Task A_stale_or_tampered_request_is_refused_and_records_nothing()
    {
        using var app = new ChangeApp();
        var (world, number, id, slackUserId) = await PendingChangeAsync(app);
        var (name, secret) = await Slack.IntegrationAsync(world);
        var before = (await world.AuditAsync(id)).Count;
        var body = Slack.SlashCommand(slackUserId, $"approve {number}");

        var stale = await app.CreateClient().SendAsync(Slack.Signed($"/hooks/slack/{name}", secret, body, app.Clock.GetUtcNow().AddMinutes(-6)));
        var tampered = Slack.Signed($"/hooks/slack/{name}", secret, body, app.Clock.GetUtcNow());
        tampered.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body + "+please")) { Headers = { { "Content-Type", "application/x-www-form-urlencoded" } } };
        var forged = await app.CreateClient().SendAsync(tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("hook.signature_invalid", ChangeWorld.Text((await stale.ReadJsonAsync())["code"]));
        var change = await world.ChangeAsync(number);
        Assert.Equal("authorisation", ChangeWorld.Text(change["change"]!["state"]));
        Assert.Empty(change["approvals"]!.AsArray());
        Assert.Equal(before, (await world.AuditAsync(id)).Count);
    }
}
