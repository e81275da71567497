using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Changes;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Incidents;

/// <summary>Confirming what caused an incident, on the server whose follow-up stays quiet so each test matches deployments itself.</summary>
public sealed class CauseTests(QuietFollowUpApp app) : IClassFixture<QuietFollowUpApp>
{
    /// <summary>A standard change through the gate and its deployment; returns the change number, the deployment id and its commit.</summary>
    private async Task<(Target Target, string Change, long Deployment, string Commit)> DeployedChangeAsync(ChangeWorld world, string status = "succeeded", Target? target = null)
    {
        target ??= await world.TargetAsync("test", "tier4");
        var commit = ChangeWorld.Sha();
        var decision = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed, commit: commit));
        var deployment = await DeployAsync(world, target, commit, status);
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DeploymentOutcomes>().MatchAsync(CancellationToken.None);
        return (target, ChangeWorld.Text(decision["change"]), deployment, commit);
    }

    private static async Task<long> DeployAsync(ChangeWorld world, Target target, string commit, string status)
    {
        var response = await (await world.PipelineAsync()).PostAsJsonAsync("/api/v1/events/deployments",
            new DeploymentEventRequest(commit, target.Service, target.Environment, status, CommitSha: commit));
        var deployment = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, deployment.ToJsonString());
        return deployment["id"]!.GetValue<long>();
    }

    private static async Task<string> IncidentAsync(ChangeWorld world, Target target)
    {
        var created = await world.Admin.PostAsJsonAsync("/api/v1/incidents",
            new IncidentRequest("Checkout errors", "high", "high", Services: [target.Service]));
        var body = await created.ReadJsonAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        return ChangeWorld.Text(body["incident"]!["number"]);
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> ConfirmAsync(ChangeWorld world, string incident, ConfirmCauseRequest request)
    {
        var response = await world.Admin.PostAsJsonAsync($"/api/v1/incidents/{incident}/causes", request);
        return (response.StatusCode, await response.ReadJsonAsync());
    }

    [Fact]
    public async Task Confirming_a_deployment_fails_the_change_it_implemented_and_the_link_is_audited()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var (target, change, deployment, _) = await DeployedChangeAsync(world);
        Assert.Equal("implemented", ChangeWorld.Text((await world.ChangeAsync(change))["change"]!["outcome"]));
        var incident = await IncidentAsync(world, target);
        var changeId = (await world.ChangeAsync(change))["change"]!["id"]!.GetValue<long>();
        var changeUpdates = (await world.AuditAsync(changeId)).Count;

        var (status, cause) = await ConfirmAsync(world, incident, new ConfirmCauseRequest(deployment, Note: "The new pool size starved the workers."));

        Assert.True(status == HttpStatusCode.Created, cause.ToJsonString());
        Assert.Equal(deployment, cause["deploymentId"]!.GetValue<long>());
        Assert.Equal(change, ChangeWorld.Text(cause["change"]));
        var changed = await world.ChangeAsync(change);
        Assert.Equal("failed", ChangeWorld.Text(changed["change"]!["outcome"]));
        Assert.Contains(changed["timeline"]!.AsArray(), e => ChangeWorld.Text(e!["message"]).Contains($"cause of {incident}", StringComparison.Ordinal));
        var timeline = (await (await world.Admin.GetAsync($"/api/v1/incidents/{incident}")).ReadJsonAsync())["timeline"]!.AsArray();
        Assert.Contains(timeline, e => ChangeWorld.Text(e!["kind"]) == "cause-confirmed" && ChangeWorld.Text(e["message"]).Contains(change, StringComparison.Ordinal));
        var audit = (await (await world.Admin.GetAsync($"/api/v1/audit?recordType=incident-cause&recordId={cause["id"]}")).ReadJsonAsync())["items"]!.AsArray();
        Assert.Single(audit);
        var changeAudit = await world.AuditAsync(changeId);
        Assert.Equal(changeUpdates + 1, changeAudit.Count);
        Assert.Contains(changeAudit, e => ChangeWorld.Text(e!["action"]) == "change.updated" && JsonNode.Parse(ChangeWorld.Text(e["after"]))!["outcome"]?.GetValue<string>() == "failed");
        var listed = await (await world.Admin.GetAsync($"/api/v1/incidents/{incident}/causes")).ReadJsonAsync();
        Assert.Equal(cause["id"]!.GetValue<long>(), Assert.Single(listed.AsArray())!["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Confirming_a_change_still_being_implemented_fails_it_and_opens_its_review()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var (target, change, deployment, commit) = await DeployedChangeAsync(world, status: "in-progress");
        Assert.Equal("implementation", ChangeWorld.Text((await world.ChangeAsync(change))["change"]!["state"]));
        await DeployAsync(world, target, commit, "succeeded");
        var incident = await IncidentAsync(world, target);

        var (status, cause) = await ConfirmAsync(world, incident, new ConfirmCauseRequest(null, change));

        Assert.True(status == HttpStatusCode.Created, cause.ToJsonString());
        Assert.Equal(deployment, cause["deploymentId"]!.GetValue<long>());
        var changed = (await world.ChangeAsync(change))["change"]!;
        Assert.Equal(("review", "failed"), (ChangeWorld.Text(changed["state"]), ChangeWorld.Text(changed["outcome"])));
    }

    [Fact]
    public async Task Bad_confirmations_are_refused_with_their_codes_and_write_nothing()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var (target, change, deployment, _) = await DeployedChangeAsync(world);
        var (_, _, failedDeployment, _) = await DeployedChangeAsync(world, status: "failed", target: target);
        var incident = await IncidentAsync(world, target);

        var cases = new (ConfirmCauseRequest Request, string Incident, HttpStatusCode Status, string Code)[]
        {
            (new ConfirmCauseRequest(null), incident, HttpStatusCode.BadRequest, "validation.failed"),
            (new ConfirmCauseRequest(deployment), "INC-999999", HttpStatusCode.NotFound, "incident.not_found"),
            (new ConfirmCauseRequest(999_999_999), incident, HttpStatusCode.NotFound, "deployment.not_found"),
            (new ConfirmCauseRequest(null, "CHG-999999"), incident, HttpStatusCode.NotFound, "change.not_found"),
            (new ConfirmCauseRequest(failedDeployment), incident, HttpStatusCode.Conflict, "incident.cause_not_deployed"),
            (new ConfirmCauseRequest(failedDeployment, change), incident, HttpStatusCode.BadRequest, "validation.failed"),
        };
        foreach (var (request, on, expected, code) in cases)
        {
            var (status, body) = await ConfirmAsync(world, on, request);
            Assert.True(status == expected && ChangeWorld.Text(body["code"]) == code, $"{request}: {status} {body.ToJsonString()}");
        }

        Assert.Empty((await (await world.Admin.GetAsync($"/api/v1/incidents/{incident}/causes")).ReadJsonAsync()).AsArray());
        Assert.Equal("implemented", ChangeWorld.Text((await world.ChangeAsync(change))["change"]!["outcome"]));
        var (first, _) = await ConfirmAsync(world, incident, new ConfirmCauseRequest(deployment));
        var (again, repeated) = await ConfirmAsync(world, incident, new ConfirmCauseRequest(null, change));
        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal((HttpStatusCode.Conflict, "incident.cause_already_confirmed"), (again, ChangeWorld.Text(repeated["code"])));
    }

    [Fact]
    public async Task A_deployment_made_after_the_incident_was_resolved_cannot_be_its_cause()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync("test", "tier4");
        var incident = await IncidentAsync(world, target);
        var read = await (await world.Admin.GetAsync($"/api/v1/incidents/{incident}")).ReadJsonAsync();
        var resolved = await world.Admin.PostAsJsonAsync($"/api/v1/incidents/{incident}/transitions",
            new IncidentTransitionRequest("resolve", read["incident"]!["version"]!.GetValue<long>(), ResolutionNotes: "Restarted the pods."));
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var (_, _, later, _) = await DeployedChangeAsync(world, target: target);

        var (status, body) = await ConfirmAsync(world, incident, new ConfirmCauseRequest(later));

        Assert.Equal((HttpStatusCode.Conflict, "incident.cause_after_incident"), (status, ChangeWorld.Text(body["code"])));
    }

    [Fact]
    public async Task A_later_deployment_of_the_same_service_and_environment_is_marked_as_the_remediation()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var (target, _, culprit, _) = await DeployedChangeAsync(world);
        var incident = await IncidentAsync(world, target);
        var (_, cause) = await ConfirmAsync(world, incident, new ConfirmCauseRequest(culprit));
        var (_, _, elsewhere, _) = await DeployedChangeAsync(world);
        var (_, _, rollback, _) = await DeployedChangeAsync(world, target: target);
        var path = $"/api/v1/incidents/{incident}/causes/{cause["id"]}/remediation";

        var wrongService = await world.Admin.PostAsJsonAsync(path, new RemediationRequest(elsewhere));
        var earlier = await world.Admin.PostAsJsonAsync(path, new RemediationRequest(culprit));
        var marked = await world.Admin.PostAsJsonAsync(path, new RemediationRequest(rollback));

        Assert.Equal(HttpStatusCode.BadRequest, wrongService.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, earlier.StatusCode);
        var body = await marked.ReadJsonAsync();
        Assert.True(marked.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(rollback, body["remediatedByDeploymentId"]!.GetValue<long>());
        Assert.NotNull(body["remediatedAt"]);
    }
}
