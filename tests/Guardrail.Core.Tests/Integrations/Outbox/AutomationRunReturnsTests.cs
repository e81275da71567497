using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Core.Persistence;
using Guardrail.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Integrations.Outbox;

/// <summary>What came back for several runs at once, as the automation page lists them.</summary>
public sealed class AutomationRunReturnsTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.SqliteAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Each_run_gets_its_pipeline_runs_and_the_deployments_carrying_its_id_or_made_by_its_pipeline_runs()
    {
        await using var scope = _store.Scope();
        var runs = scope.ServiceProvider.GetRequiredService<AutomationRuns>();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        await scope.ServiceProvider.GetRequiredService<OutboundTargets>().CreateAsync(
            new CreateOutboundTargetRequest("webhook", "hook", "https://hooks.example.com/run"), Actor.System, default);
        var first = (await runs.RequestAsync(new AutomationRunRequest("hook", null, "first"), Actor.System, default)).Value!.Run.CorrelationId;
        var second = (await runs.RequestAsync(new AutomationRunRequest("hook", null, "second"), Actor.System, default)).Value!.Run.CorrelationId;
        var pipelineRun = new PipelineRun { Source = IntegrationKind.Github, ProviderRunId = "1", Name = $"Deploy ({first})", Status = PipelineRunState.Succeeded, CorrelationId = first };
        db.PipelineRuns.Add(pipelineRun);
        await db.SaveChangesAsync();
        db.Deployments.AddRange(
            Deployment("carries-first", first, null),
            Deployment("made-by-first-pipeline", null, pipelineRun.Id),
            Deployment("carries-second", second, null),
            Deployment("unrelated", null, null));
        await db.SaveChangesAsync();

        var returns = await runs.ReturnsAsync([first, second, "grd-nothing-came-back"], default);

        Assert.Equal([pipelineRun.Id], returns[first].PipelineRuns.Select(r => r.Id));
        Assert.Equal(["carries-first", "made-by-first-pipeline"], returns[first].Deployments.Select(d => d.ProviderDeploymentId));
        Assert.Empty(returns[second].PipelineRuns);
        Assert.Equal(["carries-second"], returns[second].Deployments.Select(d => d.ProviderDeploymentId));
        Assert.Empty(returns["grd-nothing-came-back"].PipelineRuns);
        Assert.Empty(returns["grd-nothing-came-back"].Deployments);
    }

    private static Deployment Deployment(string id, string? correlationId, long? pipelineRunId) => new()
    {
        Source = IntegrationKind.Api, ProviderDeploymentId = id, EnvironmentName = "production", Status = DeploymentState.Succeeded,
        CorrelationId = correlationId, PipelineRunId = pipelineRunId,
    };
}
