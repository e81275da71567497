using System.Collections.Frozen;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.ServiceCatalog;

/// <summary>
/// Every service with its owner and business service, and every environment, in memory: pipelines, pages and later the gate read single
/// services constantly, and the catalogue is small (thousands), so reads never touch the database. The index
/// is tagged with the audit sequence of its own records (every governed write appends to it in the same transaction):
/// this node reloads right after its own writes, and <see cref="RefreshIfChangedAsync"/> picks up other
/// nodes' writes by comparing one number.
/// </summary>
public sealed class ServiceCatalogIndex(IServiceScopeFactory scopes)
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Snapshot _snapshot = Snapshot.Empty;

    /// <summary>The audit sequence the index reflects; -1 before the first load.</summary>
    public long Sequence => _snapshot.Sequence;

    /// <summary>A copy of the service (with owner and business service), so callers can never alter the index.</summary>
    public Service? Find(RecordReference reference)
    {
        var snapshot = _snapshot;
        var found = reference.Id is { } id ? snapshot.ById.GetValueOrDefault(id) : snapshot.ByKey.GetValueOrDefault(reference.Key!);
        return found is null ? null : Copy(found);
    }

    /// <summary>A copy of the environment with this key or id.</summary>
    public DeploymentEnvironment? FindEnvironment(RecordReference reference)
    {
        var snapshot = _snapshot;
        var found = reference.Id is { } id ? snapshot.Environments.FirstOrDefault(e => e.Id == id) : snapshot.Environments.FirstOrDefault(e => e.Key == reference.Key);
        return found is null ? null : Copy(found);
    }

    /// <summary>Copies of the environments of a tier, in id order.</summary>
    public IReadOnlyList<DeploymentEnvironment> EnvironmentsOfTier(EnvironmentTier tier) =>
        [.. _snapshot.Environments.Where(e => e.Tier == tier).OrderBy(e => e.Id).Select(Copy)];

    public async Task RefreshIfChangedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        if (await CurrentSequenceAsync(db, cancellationToken) != _snapshot.Sequence)
            await RefreshAsync(cancellationToken);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            // Read the sequence first: the data loaded after it is at least that new, never older.
            var sequence = await CurrentSequenceAsync(db, cancellationToken);
            var services = await db.Services.AsNoTracking().Include(s => s.OwnerTeam).Include(s => s.BusinessService)
                .ToListAsync(cancellationToken);
            var environments = await db.Environments.AsNoTracking().ToArrayAsync(cancellationToken);
            _snapshot = new Snapshot(sequence, services.ToFrozenDictionary(s => s.Id), services.ToFrozenDictionary(s => s.Key, StringComparer.Ordinal), environments);
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>The audit entry of the catalogue's latest write; other records' entries (changes, votes) leave the index as it is.</summary>
    private static async Task<long> CurrentSequenceAsync(GuardrailDb db, CancellationToken cancellationToken) =>
        await db.AuditEntries.Where(e => s_catalogueRecords.Contains(e.RecordType)).MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;

    private static readonly string[] s_catalogueRecords =
        [.. new[] { typeof(Service), typeof(Team), typeof(DeploymentEnvironment) }.Select(t => Audit.GovernedRecords.RecordTypeOf(t)!)];

    private static Service Copy(Service service) => new()
    {
        Id = service.Id,
        Key = service.Key,
        Name = service.Name,
        Kind = service.Kind,
        Criticality = service.Criticality,
        OwnerTeamId = service.OwnerTeamId,
        OwnerTeam = service.OwnerTeam is { } team ? Copy(team) : null,
        BusinessServiceId = service.BusinessServiceId,
        BusinessService = service.BusinessService is { } business
            ? new Service { Id = business.Id, Key = business.Key, Name = business.Name, Kind = business.Kind, Criticality = business.Criticality, OwnerTeamId = business.OwnerTeamId }
            : null,
        Description = service.Description,
        Version = service.Version,
        CreatedAt = service.CreatedAt,
        UpdatedAt = service.UpdatedAt,
    };

    private static DeploymentEnvironment Copy(DeploymentEnvironment environment) => new()
    {
        Id = environment.Id, Key = environment.Key, Name = environment.Name, Tier = environment.Tier, Description = environment.Description,
        Version = environment.Version, CreatedAt = environment.CreatedAt, UpdatedAt = environment.UpdatedAt,
    };

    private static Team Copy(Team team) => new()
    {
        Id = team.Id,
        Key = team.Key,
        Name = team.Name,
        Description = team.Description,
        ContactEmail = team.ContactEmail,
        Version = team.Version,
        CreatedAt = team.CreatedAt,
        UpdatedAt = team.UpdatedAt,
    };

    private sealed record Snapshot(long Sequence, FrozenDictionary<long, Service> ById, FrozenDictionary<string, Service> ByKey, DeploymentEnvironment[] Environments)
    {
        public static readonly Snapshot Empty = new(-1, FrozenDictionary<long, Service>.Empty, FrozenDictionary<string, Service>.Empty, []);
    }
}
