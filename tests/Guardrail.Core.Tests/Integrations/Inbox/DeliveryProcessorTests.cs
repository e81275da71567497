using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Inbox;
using Guardrail.Core.Persistence;
using Guardrail.Core.Tests.Support;
using Guardrail.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Integrations.Inbox;

/// <summary>The inbox and its processor on each store: duplicates stored once, batches processed once, a broken delivery isolated.</summary>
public sealed class DeliveryProcessorTests
{
    [Fact]
    public async Task Sqlite_stores_each_delivery_once_and_processes_a_batch_once()
    {
        await using var store = await TestStore.SqliteAsync();
        await Stores_each_delivery_once_and_processes_a_batch_once(store);
    }

    [PostgresFact]
    public async Task Postgres_stores_each_delivery_once_and_processes_a_batch_once()
    {
        await using var store = await TestStore.PostgresAsync();
        await Stores_each_delivery_once_and_processes_a_batch_once(store);
    }

    [PostgresFact]
    public async Task A_delivery_the_store_refuses_is_retried_alone_while_the_rest_of_its_batch_is_processed()
    {
        await using var store = await TestStore.PostgresAsync();
        var integration = await CreateGithubAsync(store);
        var tooLong = DeploymentStatus(1, "success");
        tooLong["deployment_status"]!["environment"] = new string('e', 300);
        var deliveries = new[] { DeploymentStatus(2, "success"), tooLong, DeploymentStatus(3, "success") };

        var accepted = await AcceptAsync(store, integration, [.. deliveries.Select(d => ("deployment_status", d, Guid.NewGuid().ToString()))]);
        await ProcessAsync(store);

        await using var scope = store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        var rows = await db.InboundDeliveries.AsNoTracking().Where(d => accepted.Contains(d.Id)).OrderBy(d => d.Id).ToListAsync();
        Assert.Equal([DeliveryStatus.Processed, DeliveryStatus.Pending, DeliveryStatus.Processed], rows.Select(r => r.Status));
        Assert.Equal(1, rows[1].Attempts);
        Assert.NotNull(rows[1].NextAttemptAt);
        Assert.False(string.IsNullOrEmpty(rows[1].LastError));
        Assert.Equal(["2", "3"], await db.Deployments.Select(d => d.ProviderDeploymentId).OrderBy(d => d).ToListAsync());
    }

    [Fact]
    public async Task A_deployment_is_linked_to_the_pipeline_run_that_performed_it_in_the_same_batch_or_a_later_one()
    {
        await using var store = await TestStore.SqliteAsync();
        var integration = await CreateGithubAsync(store);
        var run = JsonNode.Parse(Corpus.Bytes("github-webhooks/octokit-webhooks/workflow_run/completed.payload.json"))!;
        var runId = run["workflow_run"]!["id"]!.GetValue<long>();
        var sameBatch = DeploymentStatus(20, "success");
        sameBatch["workflow_run"] = new JsonObject { ["id"] = runId };
        var laterBatch = DeploymentStatus(21, "success");
        laterBatch["workflow_run"] = new JsonObject { ["id"] = runId };
        var unknownRun = DeploymentStatus(22, "success");
        unknownRun["workflow_run"] = new JsonObject { ["id"] = runId + 1 };

        await AcceptAsync(store, integration, [
            ("workflow_run", run, Guid.NewGuid().ToString()), ("deployment_status", sameBatch, Guid.NewGuid().ToString()),
            ("deployment_status", laterBatch, Guid.NewGuid().ToString()), ("deployment_status", unknownRun, Guid.NewGuid().ToString())]);
        Assert.Equal(2, await ProcessAsync(store, maxDeliveries: 2));
        Assert.Equal(2, await ProcessAsync(store));

        await using var scope = store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        var pipelineRun = await db.PipelineRuns.SingleAsync();
        var linked = await db.Deployments.OrderBy(d => d.ProviderDeploymentId).Select(d => d.PipelineRunId).ToListAsync();
        Assert.Equal(runId.ToString(System.Globalization.CultureInfo.InvariantCulture), pipelineRun.ProviderRunId);
        Assert.Equal([pipelineRun.Id, pipelineRun.Id, null], linked);
    }

    private static async Task Stores_each_delivery_once_and_processes_a_batch_once(TestStore store)
    {
        var integration = await CreateGithubAsync(store);
        var repeated = Guid.NewGuid().ToString();
        var deliveries = new List<(string, JsonNode, string)>
        {
            ("deployment_status", DeploymentStatus(10, "pending"), Guid.NewGuid().ToString()),
            ("deployment_status", DeploymentStatus(10, "success"), repeated),
            ("deployment_status", DeploymentStatus(10, "success"), repeated),
            ("deployment_status", DeploymentStatus(11, "failure"), Guid.NewGuid().ToString()),
            ("ping", JsonNode.Parse(Corpus.Bytes("github-webhooks/octokit-webhooks/ping/payload.json"))!, Guid.NewGuid().ToString()),
        };

        var accepted = await AcceptAsync(store, integration, deliveries);
        var processedFirst = await ProcessAsync(store);
        var processedAgain = await ProcessAsync(store);

        await using var scope = store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        Assert.Equal(4, accepted.Count);
        Assert.Equal(4, processedFirst);
        Assert.Equal(0, processedAgain);
        var statuses = await db.InboundDeliveries.AsNoTracking().Where(d => d.IntegrationId == integration).Select(d => d.Status).ToListAsync();
        Assert.Equal(3, statuses.Count(s => s == DeliveryStatus.Processed));
        Assert.Equal(1, statuses.Count(s => s == DeliveryStatus.Ignored));
        var deployments = await db.Deployments.AsNoTracking().Include(d => d.StatusHistory).OrderBy(d => d.ProviderDeploymentId).ToListAsync();
        Assert.Equal(["10", "11"], deployments.Select(d => d.ProviderDeploymentId));
        Assert.Equal(2, deployments[0].StatusHistory.Count);
        Assert.Equal(DeploymentState.Succeeded, deployments[0].Status);
        Assert.NotNull(deployments[0].DeployedAt);
        Assert.Equal(DeploymentState.Failed, deployments[1].Status);
        Assert.Null(deployments[1].DeployedAt);
    }

    private static async Task<long> CreateGithubAsync(TestStore store)
    {
        await using var scope = store.Scope();
        var created = await scope.ServiceProvider.GetRequiredService<IntegrationRegistry>()
            .CreateAsync(new CreateIntegrationRequest("github", "default", null, null), Actor.System, CancellationToken.None);
        return created.Value!.Integration.Id;
    }

    private static async Task<List<long>> AcceptAsync(TestStore store, long integration, IReadOnlyList<(string EventType, JsonNode Payload, string DeliveryId)> deliveries)
    {
        await using var scope = store.Scope();
        var inbox = scope.ServiceProvider.GetRequiredService<Guardrail.Core.Integrations.Inbox.Inbox>();
        using var stop = new CancellationTokenSource();
        var writer = inbox.RunWriterAsync(stop.Token);
        var receipts = await Task.WhenAll(deliveries.Select(d => inbox.AcceptAsync(new IncomingDelivery(
            integration, IntegrationKind.Github, new DeliveryEnvelope(d.DeliveryId, d.EventType),
            JsonSerializer.Serialize(new Dictionary<string, string> { ["content-type"] = "application/json" }),
            Encoding.UTF8.GetBytes(d.Payload.ToJsonString()), store.Clock.GetUtcNow().UtcDateTime), CancellationToken.None)));
        await stop.CancelAsync();
        await writer;
        return [.. receipts.Where(r => r.Acceptance == Acceptance.Accepted).Select(r => r.Id!.Value)];
    }

    private static async Task<int> ProcessAsync(TestStore store, int maxDeliveries = 500)
    {
        await using var scope = store.Scope();
        return await scope.ServiceProvider.GetRequiredService<DeliveryProcessor>().ProcessBatchAsync(maxDeliveries, CancellationToken.None);
    }

    private static JsonNode DeploymentStatus(long deploymentId, string state)
    {
        var payload = JsonNode.Parse(Corpus.Bytes("github-webhooks/octokit-webhooks/deployment_status/payload.json"))!;
        payload["deployment"]!["id"] = deploymentId;
        payload["deployment_status"]!["state"] = state;
        return payload;
    }
}
