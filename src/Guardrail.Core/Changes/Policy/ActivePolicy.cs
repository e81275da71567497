using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Changes.Policy;

/// <summary>The policy in force and the version it came from.</summary>
public sealed record PolicyInForce(long Version, string Name, ChangePolicy Policy);

/// <summary>
/// The parsed policy in force, in memory: the gate decides on every call and must not re-read and re-parse YAML. The
/// newest version number is checked at most once a second, so a version applied on another node is in force within
/// that second; on this node it is in force at once.
/// </summary>
public sealed class ActivePolicy(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan s_recheck = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile PolicyInForce? _current;
    private long _checkedAtTicks;

    public async Task<PolicyInForce> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        var now = clock.GetUtcNow().UtcTicks;
        if (current is not null && now - Interlocked.Read(ref _checkedAtTicks) < s_recheck.Ticks)
            return current;
        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } fresh && clock.GetUtcNow().UtcTicks - Interlocked.Read(ref _checkedAtTicks) < s_recheck.Ticks)
                return fresh;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            var newest = await db.ChangePolicyVersions.MaxAsync(v => (long?)v.Id, cancellationToken)
                ?? throw new InvalidOperationException("No change policy has been applied; the store initialiser applies the default one.");
            if (_current?.Version != newest)
            {
                var version = await db.ChangePolicyVersions.AsNoTracking().SingleAsync(v => v.Id == newest, cancellationToken);
                var parsed = ChangePolicyDocument.Parse(version.Document);
                _current = new PolicyInForce(version.Id, version.Name, parsed.Policy
                    ?? throw new InvalidOperationException($"Stored policy version {version.Id} no longer parses: {string.Join("; ", parsed.Problems)}"));
            }
            Interlocked.Exchange(ref _checkedAtTicks, clock.GetUtcNow().UtcTicks);
            return _current!;
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>Forgets the cached version so the next read loads the newest one (after this node applied a version).</summary>
    public void Invalidate() => Interlocked.Exchange(ref _checkedAtTicks, 0);
}
