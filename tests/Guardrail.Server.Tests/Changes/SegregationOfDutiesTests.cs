using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Changes;

/// <summary>The requester of a change never approves it, whatever the channel and whichever identity the pipeline sent.</summary>
public sealed class SegregationOfDutiesTests(ChangeApp app) : IClassFixture<ChangeApp>
{
    public enum Identity
    {
        UserName,
        Email,
        ScmLogin,
    }

    private async Task<(ChangeWorld World, Person Requester, string SlackUserId, string Number, long Id)> PendingChangeOfAsync(Identity identity)
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var email = $"{Guid.NewGuid():N}@example.test";
        var login = Json.Unique("octo");
        var slackId = "U" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var requester = await world.PersonAsync("change-manager", team: target.Team, email: email, scmLogin: login, slackUserId: slackId);
        var asked = identity switch
        {
            Identity.UserName => requester.UserName,
            Identity.Email => email.ToUpperInvariant(),
            _ => login,
        };
        var pending = await world.GateAsync(ChangeWorld.Gate(target, requester: asked, evidence: ChangeWorld.Passed));
        Assert.Equal("pending", ChangeWorld.Text(pending["decision"]));
        return (world, requester, slackId, ChangeWorld.Text(pending["change"]), pending["changeId"]!.GetValue<long>());
    }

    private static async Task AssertNothingRecordedAsync(ChangeWorld world, string number, long id, int auditBefore)
    {
        var change = await world.ChangeAsync(number);
        Assert.Empty(change["approvals"]!.AsArray());
        Assert.Equal("authorisation", ChangeWorld.Text(change["change"]!["state"]));
        Assert.Equal(auditBefore, (await world.AuditAsync(id)).Count);
        Assert.DoesNotContain(await world.ApprovalAuditAsync(), e => e!["after"]?.GetValue<string>() is { } after
            && JsonNode.Parse(after)!["changeId"]?.GetValue<long>() == id);
    }

    [Theory]
    [InlineData(Identity.UserName)]
    [InlineData(Identity.Email)]
    [InlineData(Identity.ScmLogin)]
    public async Task The_requester_cannot_approve_through_the_api(Identity identity)
    {
        var (world, requester, _, number, id) = await PendingChangeOfAsync(identity);
        var before = (await world.AuditAsync(id)).Count;

        var voted = await requester.Client.PostAsJsonAsync($"/api/v1/changes/{number}/approve", new { comment = "mine" });

        Assert.Equal(HttpStatusCode.Forbidden, voted.StatusCode);
        Assert.Equal("change.segregation_of_duties", ChangeWorld.Text((await voted.ReadJsonAsync())["code"]));
        await AssertNothingRecordedAsync(world, number, id, before);
    }

    [Theory]
    [InlineData(Identity.UserName)]
    [InlineData(Identity.Email)]
    [InlineData(Identity.ScmLogin)]
    public async Task The_requester_cannot_approve_with_a_slash_command_or_a_button(Identity identity)
    {
        var (world, _, slackUserId, number, id) = await PendingChangeOfAsync(identity);
        var (name, secret) = await Slack.IntegrationAsync(world);
        var before = (await world.AuditAsync(id)).Count;

        foreach (var body in new[] { Slack.SlashCommand(slackUserId, $"approve {number} lgtm"), Slack.ButtonClick(slackUserId, ChangeAnnouncer.ApproveAction, number) })
        {
            var replied = await app.CreateClient().SendAsync(Slack.Signed($"/hooks/slack/{name}", secret, body, app.Clock.GetUtcNow()));
            Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
            var reply = await replied.ReadJsonAsync();
            Assert.Equal("ephemeral", ChangeWorld.Text(reply["response_type"]));
            Assert.Contains("segregation of duties", ChangeWorld.Text(reply["text"]), StringComparison.Ordinal);
        }
        await AssertNothingRecordedAsync(world, number, id, before);
    }

    [Fact]
    public async Task A_delegate_cannot_vote_for_the_requester()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var requester = await world.PersonAsync(team: target.Team);
        var stranger = await world.PersonAsync();
        Assert.Equal(HttpStatusCode.Created, (await requester.Client.PostAsJsonAsync("/api/v1/approval-delegations",
            new { to = stranger.UserName, ends = app.Clock.GetUtcNow().AddDays(1) })).StatusCode);
        var pending = await world.GateAsync(ChangeWorld.Gate(target, requester: requester.UserName, evidence: ChangeWorld.Passed));
        var number = ChangeWorld.Text(pending["change"]);
        var id = pending["changeId"]!.GetValue<long>();
        Assert.Equal("service-owner", ChangeWorld.Text(pending["route"]));
        var before = (await world.AuditAsync(id)).Count;

        var voted = await stranger.Client.PostAsJsonAsync($"/api/v1/changes/{number}/approve", new { });

        Assert.Equal(HttpStatusCode.Forbidden, voted.StatusCode);
        Assert.Equal("change.segregation_of_duties", ChangeWorld.Text((await voted.ReadJsonAsync())["code"]));
        await AssertNothingRecordedAsync(world, number, id, before);
    }

    [Fact]
    public async Task A_change_made_by_hand_cannot_name_someone_else_as_its_requester()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var manager = await world.PersonAsync("change-manager", team: target.Team);

        var created = await manager.Client.PostAsJsonAsync("/api/v1/changes",
            new Contracts.ChangeRequest("Raise the pool size", target.Service, target.Environment, Requester: "someone-else"));

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.NotNull((await created.ReadJsonAsync())["errors"]!["requester"]);
        var listed = await (await world.Admin.GetAsync($"/api/v1/changes?service={target.Service}")).ReadJsonAsync();
        Assert.Empty(listed["items"]!.AsArray());
    }

    [Fact]
    public async Task An_approver_of_a_change_cannot_start_implementing_it()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var approver = await world.PersonAsync("change-manager", team: target.Team);
        var pending = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));
        var number = ChangeWorld.Text(pending["change"]);
        var approved = await (await approver.Client.PostAsJsonAsync($"/api/v1/changes/{number}/approve", new { comment = "fine" })).ReadJsonAsync();
        Assert.Equal("scheduled", ChangeWorld.Text(approved["change"]!["state"]));

        var started = await approver.Client.PostAsJsonAsync($"/api/v1/changes/{number}/transitions",
            new Contracts.ChangeTransitionRequest("implementation", approved["change"]!["version"]!.GetValue<long>()));

        Assert.Equal(HttpStatusCode.Forbidden, started.StatusCode);
        Assert.Equal("change.segregation_of_duties", ChangeWorld.Text((await started.ReadJsonAsync())["code"]));
        Assert.Equal("scheduled", ChangeWorld.Text((await world.ChangeAsync(number))["change"]!["state"]));
    }
}
