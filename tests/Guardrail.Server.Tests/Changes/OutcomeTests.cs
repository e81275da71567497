using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Changes;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Changes;

/// <summary>On the server whose follow-up stays quiet, so each test matches deployments to changes when it chooses.</summary>
public sealed class OutcomeTests(QuietFollowUpApp app) : IClassFixture<QuietFollowUpApp>
{
    /// <summary>A test-tier deployment: standard, so scheduled at once.</summary>
    private static async Task<(Target Target, string Number, string Commit)> ScheduledAsync(ChangeWorld world)
    {
        var target = await world.TargetAsync("test", "tier4");
        var commit = ChangeWorld.Sha();
        var decision = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed, commit: commit));
        Assert.Equal("scheduled", ChangeWorld.Text(decision["state"]));
        return (target, ChangeWorld.Text(decision["change"]), commit);
    }

    private async Task<long> DeployedAsync(ChangeWorld world, Target target, string commit, string status, string? deploymentId = null)
    {
        var response = await (await world.PipelineAsync()).PostAsJsonAsync("/api/v1/events/deployments",
            new DeploymentEventRequest(deploymentId ?? commit, target.Service, target.Environment, status, CommitSha: commit));
        var deployment = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, deployment.ToJsonString());
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DeploymentOutcomes>().MatchAsync(CancellationToken.None);
        return deployment["id"]!.GetValue<long>();
    }

    private static (string State, string? Outcome) StateOf(JsonNode detail) =>
        (ChangeWorld.Text(detail["change"]!["state"]), detail["change"]!["outcome"]?.GetValue<string>());

    [Fact]
    public async Task Implemented_closes_the_change()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var (_, number, _) = await ScheduledAsync(world);

        var reported = await world.OutcomeAsync(number, "implemented");

        Assert.Equal(("closed", "implemented"), StateOf(reported));
        Assert.Null(reported["reviewNotes"]);
    }

    [Fact]
    public async Task Failed_opens_the_review_with_its_template_and_closing_the_review_closes_the_change()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var (_, number, _) = await ScheduledAsync(world);

        var reported = await world.OutcomeAsync(number, "failed");
        var closed = await world.Admin.PutAsJsonAsync($"/api/v1/changes/{number}/review",
            new ChangeReviewRequest("The migration locked the table.", reported["change"]!["version"]!.GetValue<long>(), Close: true));

        Assert.Equal(("review", "failed"), StateOf(reported));
        Assert.StartsWith($"# Post-implementation review of {number}:", ChangeWorld.Text(reported["reviewNotes"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var detail = await closed.ReadJsonAsync();
        Assert.Equal(("closed", "failed"), StateOf(detail));
        Assert.Equal("The migration locked the table.", ChangeWorld.Text(detail["reviewNotes"]));
    }

    [Fact]
    public async Task An_outcome_for_a_change_not_yet_approved_is_refused()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var number = ChangeWorld.Text((await world.GateAsync(ChangeWorld.Gate(target)))["change"]);

        var reported = await world.Admin.PostAsJsonAsync($"/api/v1/changes/{number}/outcome", new ChangeOutcomeRequest("implemented"));

        Assert.Equal(HttpStatusCode.Conflict, reported.StatusCode);
        Assert.Equal("change.not_in_implementation", ChangeWorld.Text((await reported.ReadJsonAsync())["code"]));
        Assert.Equal(("authorisation", null), StateOf(await world.ChangeAsync(number)));
    }

    [Fact]
    public async Task A_deployment_of_the_changes_commit_moves_it_to_implementation_then_closes_it()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var (target, number, commit) = await ScheduledAsync(world);

        var deploymentId = await DeployedAsync(world, target, commit, "in-progress");
        var started = await world.ChangeAsync(number);
        await DeployedAsync(world, target, commit, "succeeded");
        var finished = await world.ChangeAsync(number);

        Assert.Equal(("implementation", null), StateOf(started));
        Assert.Equal(deploymentId, started["deploymentId"]!.GetValue<long>());
        Assert.Equal(("closed", "implemented"), StateOf(finished));
        Assert.Equal(deploymentId, finished["deploymentId"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_failed_deployment_of_the_changes_commit_opens_its_review()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var (target, number, commit) = await ScheduledAsync(world);

        var deploymentId = await DeployedAsync(world, target, commit, "failed");
        var failed = await world.ChangeAsync(number);

        Assert.Equal(("review", "failed"), StateOf(failed));
        Assert.Equal(deploymentId, failed["deploymentId"]!.GetValue<long>());
        Assert.NotNull(failed["reviewNotes"]);
    }

    [Fact]
    public async Task A_deployment_of_another_commit_leaves_the_change_scheduled()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var (target, number, _) = await ScheduledAsync(world);

        await DeployedAsync(world, target, ChangeWorld.Sha(), "succeeded");

        var change = await world.ChangeAsync(number);
        Assert.Equal(("scheduled", null), StateOf(change));
        Assert.Null(change["deploymentId"]);
    }
}
