using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Changes;

/// <summary>
/// On a server of its own whose policy has no standard models and promotes after 3 successes; a staging deployment of a
/// tier-4 service with its evidence passed is low risk, so it is approved automatically as a normal change.
/// </summary>
public sealed class PromotionTests(ChangeApp app) : IClassFixture<ChangeApp>
{
    private static async Task<ChangeWorld> WorldAsync(ChangeApp app)
    {
        var world = await ChangeWorld.CreateAsync(app);
        await world.ApplyPolicyAsync(await world.DefaultPolicyWithAsync(standardModels: "[]", promotion: "    successes: 3\n    withinDays: 90"));
        return world;
    }

    private static async Task<JsonNode> DeployAsync(ChangeWorld world, Target target, string expectedType)
    {
        var decision = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));
        Assert.Equal(("approved", expectedType), (ChangeWorld.Text(decision["decision"]), ChangeWorld.Text(decision["type"])));
        return decision;
    }

    private static async Task<List<JsonNode>> OpenProposalsAsync(ChangeWorld world, Target target) =>
        [.. (await (await world.Admin.GetAsync("/api/v1/model-proposals?status=open&limit=200")).ReadJsonAsync())["items"]!.AsArray()
            .Where(p => ChangeWorld.Text(p!["service"]) == target.Service).Select(p => p!)];

    private static async Task<JsonNode> SuccessfulRunAsync(ChangeWorld world, Target target)
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Empty(await OpenProposalsAsync(world, target));
            await world.OutcomeAsync(ChangeWorld.Text((await DeployAsync(world, target, "normal"))["change"]), "implemented");
        }
        var proposal = Assert.Single(await OpenProposalsAsync(world, target));
        Assert.Equal(("promote", target.Environment, "deployment"),
            (ChangeWorld.Text(proposal["kind"]), ChangeWorld.Text(proposal["environment"]), ChangeWorld.Text(proposal["model"])));
        return proposal;
    }

    private static Task<HttpResponseMessage> DecideAsync(ChangeWorld world, JsonNode proposal, string decision, long? version) =>
        world.Admin.PostAsJsonAsync($"/api/v1/model-proposals/{proposal["id"]}/{decision}", new ProposalDecisionRequest(version, "from a test"));

    private static long VersionOf(JsonNode proposal) => proposal["version"]!.GetValue<long>();

    [Fact]
    public async Task A_run_of_successes_is_promoted_and_a_failure_of_the_standard_change_demotes_it()
    {
        var world = await WorldAsync(app);
        var target = await world.TargetAsync("staging", "tier4");
        var promotion = await SuccessfulRunAsync(world, target);

        var accepted = await DecideAsync(world, promotion, "accept", VersionOf(promotion));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("accepted", ChangeWorld.Text((await accepted.ReadJsonAsync())["status"]));
        var standard = await DeployAsync(world, target, "standard");
        Assert.Equal("automatic", ChangeWorld.Text(standard["route"]));
        Assert.Contains($"proposal #{promotion["id"]}", ChangeWorld.Text(standard["reasons"]![0]), StringComparison.Ordinal);

        await world.OutcomeAsync(ChangeWorld.Text(standard["change"]), "failed");
        var demotion = Assert.Single(await OpenProposalsAsync(world, target));
        Assert.Equal("demote", ChangeWorld.Text(demotion["kind"]));
        Assert.Equal(ChangeWorld.Text(standard["change"]), ChangeWorld.Text(demotion["triggeringChange"]));
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(world, demotion, "accept", VersionOf(demotion))).StatusCode);

        await DeployAsync(world, target, "normal");
    }

    [Fact]
    public async Task Declining_needs_the_version_read_and_leaves_the_pattern_normal()
    {
        var world = await WorldAsync(app);
        var target = await world.TargetAsync("staging", "tier4");
        var proposal = await SuccessfulRunAsync(world, target);

        var unversioned = await DecideAsync(world, proposal, "decline", null);
        var stale = await DecideAsync(world, proposal, "decline", VersionOf(proposal) + 1);
        var declined = await DecideAsync(world, proposal, "decline", VersionOf(proposal));
        var again = await DecideAsync(world, proposal, "accept", VersionOf(proposal));

        Assert.Equal(HttpStatusCode.BadRequest, unversioned.StatusCode);
        Assert.NotNull((await unversioned.ReadJsonAsync())["errors"]!["version"]);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Equal("declined", ChangeWorld.Text((await declined.ReadJsonAsync())["status"]));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("proposal.decided", ChangeWorld.Text((await again.ReadJsonAsync())["code"]));
        Assert.Empty(await OpenProposalsAsync(world, target));
        await DeployAsync(world, target, "normal");
    }
}
