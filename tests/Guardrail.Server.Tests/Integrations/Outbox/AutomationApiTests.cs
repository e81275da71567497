using System.Net;
using System.Net.Http.Json;
using Guardrail.Core.Access;
using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Integrations.Outbox;

public sealed class AutomationApiTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    /// <summary>A port nothing listens on: requests to it fail at once and stay in the outbox.</summary>
    private const string Nowhere = "http://127.0.0.1:9/hook";

    private async Task<long> CreateWebhookAsync(HttpClient admin, string name)
    {
        var created = await admin.PostJsonAsync("/api/v1/outbound-targets", new { kind = "webhook", name, url = Nowhere });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync())["target"]!["id"]!.GetValue<long>();
    }

    [Fact]
    public async Task Targets_are_created_listed_changed_and_deleted_with_the_secret_shown_once()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("hook");

        var created = await admin.PostJsonAsync("/api/v1/outbound-targets", new { kind = "webhook", name, url = Nowhere });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        var secret = body["secret"]!.GetValue<string>();
        var id = body["target"]!["id"]!.GetValue<long>();
        Assert.Equal(("webhook", true, "closed", 1L), (body["target"]!["kind"]!.GetValue<string>(), body["target"]!["hasSecret"]!.GetValue<bool>(),
            body["target"]!["circuit"]!.GetValue<string>(), body["target"]!["version"]!.GetValue<long>()));
        var listed = await (await admin.GetAsync("/api/v1/outbound-targets")).Content.ReadAsStringAsync();
        Assert.Contains(name, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);

        var unversioned = await admin.PatchAsJsonAsync($"/api/v1/outbound-targets/{id}", new { enabled = false });
        Assert.Equal(HttpStatusCode.BadRequest, unversioned.StatusCode);
        var renamed = await admin.PatchAsJsonAsync($"/api/v1/outbound-targets/{id}", new { name = name + "-2", enabled = false, version = 1 });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal((name + "-2", false, 2L), ((await renamed.ReadJsonAsync())["name"]!.GetValue<string>(), (await renamed.ReadJsonAsync())["enabled"]!.GetValue<bool>(),
            (await renamed.ReadJsonAsync())["version"]!.GetValue<long>()));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/outbound-targets/{id}?version=2")).StatusCode);
        var gone = await admin.GetAsync($"/api/v1/outbound-targets/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("outbound-target.not_found", (await gone.ReadJsonAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_targets_and_runs_are_problems_with_stable_codes()
    {
        var admin = await app.ClientAsAsync(Role.Admin);

        var noSettings = await admin.PostJsonAsync("/api/v1/outbound-targets",
            new { kind = "github-workflow-dispatch", name = Json.Unique("gh"), url = "https://api.github.com/repos/acme/shop", secret = "ghp_token" });
        Assert.Equal(HttpStatusCode.BadRequest, noSettings.StatusCode);
        var problem = await noSettings.ReadJsonAsync();
        Assert.Equal("validation.failed", problem["code"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]!["settings.workflow"]);
        Assert.NotNull(problem["errors"]!["settings.ref"]);

        var numberInput = await admin.PostRawAsync("/api/v1/automation-runs", """{"target":"x","inputs":{"replicas":3},"reason":"why"}""");
        Assert.Equal(HttpStatusCode.BadRequest, numberInput.StatusCode);
        Assert.Equal("request.malformed_json", (await numberInput.ReadJsonAsync())["code"]!.GetValue<string>());

        var unknown = await admin.PostJsonAsync("/api/v1/automation-runs", new { target = Json.Unique("nowhere"), reason = "why" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("automation-run.unknown_target", (await unknown.ReadJsonAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_run_shows_the_pipeline_runs_and_deployments_that_carry_its_correlation_id()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var target = Json.Unique("hook");
        await CreateWebhookAsync(admin, target);
        var requested = await (await admin.PostJsonAsync("/api/v1/automation-runs", new { target, reason = "CHG-1: deploy" })).ReadJsonAsync();
        var runId = requested["id"]!.GetValue<long>();
        var correlationId = requested["correlationId"]!.GetValue<string>();
        Assert.Matches("^grd-[A-Za-z0-9]{20}$", correlationId);
        Assert.Equal(("requested", "pending"), (requested["status"]!.GetValue<string>(), requested["dispatch"]!["status"]!.GetValue<string>()));

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            db.PipelineRuns.Add(new PipelineRun
            {
                Source = IntegrationKind.Github, ProviderRunId = Json.Unique("run"), Name = $"Deploy ({correlationId})", Status = PipelineRunState.Succeeded,
                CorrelationId = CorrelationIds.Find($"Deploy ({correlationId})"),
            });
            await db.SaveChangesAsync();
        }
        var pipeline = await app.ClientAsAsync(Role.Pipeline);
        var deployment = Json.Unique("dep");
        var reported = await pipeline.PostJsonAsync("/api/v1/events/deployments",
            new { deploymentId = deployment, repository = "acme/shop", environment = "production", status = "succeeded", correlationId });
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);

        var reader = await app.ClientAsAsync(Role.Reader);
        var detail = await (await reader.GetAsync($"/api/v1/automation-runs/{runId}")).ReadJsonAsync();

        Assert.Equal(correlationId, detail["run"]!["correlationId"]!.GetValue<string>());
        Assert.Equal($"Deploy ({correlationId})", Assert.Single(detail["pipelineRuns"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal(deployment, Assert.Single(detail["deployments"]!.AsArray())!["providerDeploymentId"]!.GetValue<string>());
        var listed = await (await reader.GetAsync("/api/v1/automation-runs?status=requested")).Content.ReadAsStringAsync();
        Assert.Contains(correlationId, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_dead_messages_can_be_retried()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var target = Json.Unique("hook");
        var targetId = await CreateWebhookAsync(admin, target);
        await admin.PostJsonAsync("/api/v1/automation-runs", new { target, reason = "why" });
        var message = Assert.Single((await (await admin.GetAsync($"/api/v1/outbox?target={targetId}")).ReadJsonAsync())["items"]!.AsArray())!;

        var pending = await admin.PostAsync($"/api/v1/outbox/{message["id"]!.GetValue<long>()}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, pending.StatusCode);
        Assert.Equal("outbox-message.not_retryable", (await pending.ReadJsonAsync())["code"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/outbox/999999999/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/outbox?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/outbox?status=dead")).StatusCode);
    }
}
