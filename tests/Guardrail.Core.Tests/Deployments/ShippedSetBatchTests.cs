using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Guardrail.Core.Tests.Measurement;
using Guardrail.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Deployments;

/// <summary>
/// Deployments recorded in one processing batch, as the inbox hands a batch over: each counts its shipped set from the
/// deployment before it, whether that one was saved before or made earlier in the batch, walked or listed by its event.
/// </summary>
public sealed class ShippedSetBatchTests : IAsyncLifetime
{
    private const string C1 = "c100000000000000000000000000000000000001";
    private const string C2 = "c200000000000000000000000000000000000002";
    private const string C3 = "c300000000000000000000000000000000000003";
    private const string C4 = "c400000000000000000000000000000000000004";

    private TestStore _store = null!;
    private DeliveryWorld _world = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.SqliteAsync();
        _world = await DeliveryWorld.CreateAsync(_store, "checkout");
        var previous = DeliveryWorld.NoParent;
        foreach (var (sha, hour) in new[] { (C1, 1.0), (C2, 2.0), (C3, 3.0), (C4, 4.0) })
        {
            _world.MoveTo(hour);
            await _world.PushAsync("checkout", "main", previous, DeliveryWorld.Commit(sha, _world.At(hour)));
            previous = sha;
        }
        await _world.DeployAsync("checkout", "d1", C1, _world.At(5));
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_deployment_listed_by_its_event_is_the_previous_one_of_the_next_in_the_batch()
    {
        await RecordBatchAsync(
            Deployed("d2", C2, 6),
            Deployed("d3", C3, 7) with { ExplicitCommits = [C3] },
            Deployed("d4", C4, 8));

        Assert.Equal(
            [("d2", "d1", C2), ("d3", null, C3), ("d4", "d3", C4)],
            await ShippedAsync("d2", "d3", "d4"));
    }

    [Fact]
    public async Task Deployments_that_arrive_late_or_at_one_time_count_from_the_deployment_before_their_time()
    {
        await _world.DeployAsync("checkout", "d4", C4, _world.At(9));

        await RecordBatchAsync(
            Deployed("d2", C2, 6),
            Deployed("d2-again", C2, 6),
            Deployed("d3", C3, 7));

        Assert.Equal(
            [("d2", "d1", C2), ("d2-again", "d1", C2), ("d3", "d2", C3)],
            await ShippedAsync("d2", "d2-again", "d3"));
    }

    private DeploymentObserved Deployed(string id, string commit, double hour) => DeliveryWorld.Deployment("checkout", id, commit, _world.At(hour));

    private async Task RecordBatchAsync(params DeploymentObserved[] batch)
    {
        _world.MoveTo(10);
        await using var scope = _store.Scope();
        var recorder = scope.ServiceProvider.GetRequiredService<DeploymentRecorder>();
        foreach (var deployment in batch)
            await recorder.RecordAsync(IntegrationKind.Github, deployment, null, default);
        await scope.ServiceProvider.GetRequiredService<GuardrailDb>().SaveChangesAsync();
    }

    private async Task<List<(string Id, string? Previous, string Shipped)>> ShippedAsync(params string[] ids)
    {
        await using var scope = _store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        var deployments = await db.Deployments.Where(d => ids.Contains(d.ProviderDeploymentId))
            .Select(d => new { d.ProviderDeploymentId, Previous = d.Previous!.ProviderDeploymentId, Shipped = db.ShippedCommits.Where(s => s.DeploymentId == d.Id).Select(s => s.Sha).ToList() })
            .ToListAsync();
        return [.. ids.Select(id => deployments.Single(d => d.ProviderDeploymentId == id)).Select(d => (d.ProviderDeploymentId, (string?)d.Previous, string.Join(",", d.Shipped.Order())))];
    }
}
