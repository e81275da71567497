using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Guardrail.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Measurement;

/// <summary>The lead-time projection over a batch that holds both a late deployment and one it had projected before.</summary>
public sealed class LeadTimeProjectionBatchTests : IAsyncLifetime
{
    private const string X = "aa00000000000000000000000000000000000001";
    private const string Y = "bb00000000000000000000000000000000000002";

    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.SqliteAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>
    /// Pull request 7 (merge commit X) is delivered by deployment B at h10. Deployment A, which also shipped X, is reported
    /// late, at h5; then pull request 8 (merge commit Y, shipped by B) is reported merged, so B is projected again in A's batch.
    /// A delivered pull request 7 first and takes it from B; B keeps pull request 8.
    /// </summary>
    [Fact]
    public async Task A_late_deployment_takes_a_change_from_a_later_one_projected_again_in_its_batch()
    {
        var world = await DeliveryWorld.CreateAsync(_store, "checkout");
        world.MoveTo(1);
        await world.PushAsync("checkout", "main", DeliveryWorld.NoParent, DeliveryWorld.Commit(X, world.At(1)), DeliveryWorld.Commit(Y, world.At(1)));
        await world.PullRequestAsync("checkout", 7, PullRequestState.Merged, world.At(1), world.At(2), X, X);
        await world.DeployAsync("checkout", "first", X, world.At(3));
        await world.DeployAsync("checkout", "b", Y, world.At(10), shipped: [X, Y]);
        await world.ProjectAsync();
        Assert.Equal([("7", "b"), (Y, "b")], await DeliveredAsync());

        await world.DeployAsync("checkout", "a", X, world.At(5), shipped: [X]);
        await world.PullRequestAsync("checkout", 8, PullRequestState.Merged, world.At(1), world.At(11), Y, Y);

        Assert.Equal(2, await world.ProjectAsync());
        Assert.Equal([("7", "a"), ("8", "b")], await DeliveredAsync());
    }

    private async Task<List<(string Reference, string Deployment)>> DeliveredAsync()
    {
        await using var scope = _store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        var rows = await db.DeliveredChanges.Join(db.Deployments, c => c.DeploymentId, d => d.Id, (c, d) => new { c.Reference, d.ProviderDeploymentId }).ToListAsync();
        return [.. rows.Select(r => (r.Reference, r.ProviderDeploymentId)).Order()];
    }
}
