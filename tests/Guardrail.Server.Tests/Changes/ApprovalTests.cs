using System.Net;
using System.Net.Http.Json;
using Guardrail.Core.Changes;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Changes;

public sealed class ApprovalTests(ChangeApp app) : IClassFixture<ChangeApp>
{
    private static async Task<string> CodeOfAsync(HttpResponseMessage response) => ChangeWorld.Text((await response.ReadJsonAsync())["code"]);

    private static Task<HttpResponseMessage> VoteAsync(Person person, string number, string vote = "approve") =>
        person.Client.PostAsJsonAsync($"/api/v1/changes/{number}/{vote}", new { comment = "from a test" });

    [Fact]
    public async Task A_cab_change_needs_two_people_and_the_same_person_twice_counts_once()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var first = await world.PersonAsync();
        var second = await world.PersonAsync();
        var pending = await world.GateAsync(ChangeWorld.Gate(target));
        var number = ChangeWorld.Text(pending["change"]);
        Assert.Equal(("cab", 2), (ChangeWorld.Text(pending["route"]), pending["quorum"]!.GetValue<int>()));

        var once = await VoteAsync(first, number);
        Assert.Equal(HttpStatusCode.OK, once.StatusCode);
        Assert.Equal("authorisation", ChangeWorld.Text((await once.ReadJsonAsync())["change"]!["state"]));

        var twice = await VoteAsync(first, number);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("approval.already_voted", await CodeOfAsync(twice));

        var quorum = await VoteAsync(second, number);
        Assert.Equal(HttpStatusCode.OK, quorum.StatusCode);
        var decided = await quorum.ReadJsonAsync();
        Assert.Equal("scheduled", ChangeWorld.Text(decided["change"]!["state"]));
        Assert.Equal([first.UserName, second.UserName], decided["approvals"]!.AsArray().Select(a => ChangeWorld.Text(a!["approver"])));
    }

    [Fact]
    public async Task One_reject_vetoes_the_change()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var approver = await world.PersonAsync();
        var objector = await world.PersonAsync();
        var number = ChangeWorld.Text((await world.GateAsync(ChangeWorld.Gate(target)))["change"]);

        Assert.Equal(HttpStatusCode.OK, (await VoteAsync(approver, number)).StatusCode);
        var vetoed = await VoteAsync(objector, number, "reject");

        Assert.Equal(HttpStatusCode.OK, vetoed.StatusCode);
        Assert.Equal("rejected", ChangeWorld.Text((await vetoed.ReadJsonAsync())["change"]!["state"]));
        var gate = await (await world.PipelineAsync()).GetAsync($"/api/v1/gate/{number}");
        Assert.Equal("rejected", ChangeWorld.Text((await gate.ReadJsonAsync())["decision"]));
    }

    [Fact]
    public async Task The_service_owner_route_takes_the_owning_team_or_a_change_manager()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var outsider = await world.PersonAsync();
        var member = await world.PersonAsync(team: target.Team);
        var manager = await world.PersonAsync("change-manager");
        var first = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));
        var second = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));
        Assert.Equal(("service-owner", 1), (ChangeWorld.Text(first["route"]), first["quorum"]!.GetValue<int>()));

        var refused = await VoteAsync(outsider, ChangeWorld.Text(first["change"]));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("approval.not_eligible", await CodeOfAsync(refused));
        Assert.Empty((await world.ChangeAsync(ChangeWorld.Text(first["change"])))["approvals"]!.AsArray());

        var byMember = await VoteAsync(member, ChangeWorld.Text(first["change"]));
        Assert.Equal("scheduled", ChangeWorld.Text((await byMember.ReadJsonAsync())["change"]!["state"]));
        var byManager = await VoteAsync(manager, ChangeWorld.Text(second["change"]));
        Assert.Equal("scheduled", ChangeWorld.Text((await byManager.ReadJsonAsync())["change"]!["state"]));
    }

    [Fact]
    public async Task A_delegate_votes_for_the_team_member_who_delegated()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var member = await world.PersonAsync(team: target.Team);
        var delegate_ = await world.PersonAsync();
        Assert.Equal(HttpStatusCode.Created, (await member.Client.PostAsJsonAsync("/api/v1/approval-delegations",
            new { to = delegate_.UserName, ends = app.Clock.GetUtcNow().AddDays(7), reason = "holiday" })).StatusCode);
        var number = ChangeWorld.Text((await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed)))["change"]);

        var voted = await VoteAsync(delegate_, number);

        Assert.Equal(HttpStatusCode.OK, voted.StatusCode);
        var change = await voted.ReadJsonAsync();
        Assert.Equal("scheduled", ChangeWorld.Text(change["change"]!["state"]));
        var approval = Assert.Single(change["approvals"]!.AsArray())!;
        Assert.Equal((delegate_.UserName, member.UserName), (ChangeWorld.Text(approval["approver"]), ChangeWorld.Text(approval["onBehalfOf"])));
    }
}

/// <summary>The server whose follow-up runs only at start, so a test decides when expired approvals are rejected.</summary>
public sealed class QuietFollowUpApp : ChangeApp
{
    public QuietFollowUpApp() => Settings["ChangeFollowUp:PollInterval"] = "00:10:00";
}

public sealed class ApprovalExpiryTests(QuietFollowUpApp app) : IClassFixture<QuietFollowUpApp>
{
    [Fact]
    public async Task An_expired_request_is_rejected_by_the_follow_up_and_a_late_vote_is_refused()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var approver = await world.PersonAsync();
        var expiring = await world.GateAsync(ChangeWorld.Gate(target));
        var lateVoted = await world.GateAsync(ChangeWorld.Gate(target));
        var expiresAt = expiring["expiresAt"]!.GetValue<DateTime>();

        app.Clock.SetNow(new DateTimeOffset(expiresAt.ToUniversalTime()).AddMinutes(1));
        var late = await approver.Client.PostAsJsonAsync($"/api/v1/changes/{ChangeWorld.Text(lateVoted["change"])}/approve", new { });
        using (var scope = app.Services.CreateScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<ChangeApprovals>().ExpireDueAsync(CancellationToken.None) >= 1);

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("change.approval_expired", ChangeWorld.Text((await late.ReadJsonAsync())["code"]));
        foreach (var number in new[] { ChangeWorld.Text(expiring["change"]), ChangeWorld.Text(lateVoted["change"]) })
        {
            var change = await world.ChangeAsync(number);
            Assert.Equal("rejected", ChangeWorld.Text(change["change"]!["state"]));
            Assert.Empty(change["approvals"]!.AsArray());
        }
    }
}
