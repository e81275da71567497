using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Integrations;

/// <summary>An enabled integration as the webhook endpoints need it, secret decrypted.</summary>
public sealed record ConfiguredIntegration(long Id, IntegrationKind Kind, string Name, string Secret, bool SignedDeliveries);

/// <summary>
/// The enabled integrations held in memory, so verifying a delivery costs no query and no decryption. A node reloads
/// after its own changes and at most <see cref="MaxAge"/> after another node's.
/// </summary>
public sealed class IntegrationDirectory(IServiceScopeFactory scopes, ISecretProtector protector, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Snapshot? _snapshot;

    public async ValueTask<ConfiguredIntegration?> FindAsync(IntegrationKind kind, string name, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || clock.GetUtcNow() - snapshot.LoadedAt > MaxAge)
            snapshot = await ReloadAsync(cancellationToken);
        return snapshot.Integrations.GetValueOrDefault((kind, name));
    }

    public void Invalidate() => _snapshot = null;

    private async Task<Snapshot> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } fresh && clock.GetUtcNow() - fresh.LoadedAt <= MaxAge)
                return fresh;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            var rows = await db.Integrations.AsNoTracking().Where(i => i.Enabled).ToListAsync(cancellationToken);
            var snapshot = new Snapshot(clock.GetUtcNow(), rows.ToDictionary(
                i => (i.Kind, i.Name),
                i => new ConfiguredIntegration(i.Id, i.Kind, i.Name, protector.Unprotect(i.ProtectedSecret), i.SignedDeliveries)));
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _reload.Release();
        }
    }

    private sealed record Snapshot(DateTimeOffset LoadedAt, Dictionary<(IntegrationKind, string), ConfiguredIntegration> Integrations);
}
