using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Measurement;

public enum ScopeKind
{
    Organisation,
    Service,
    Team,
    BusinessService,
}

/// <summary>What a figure pools: one service, a team's services, a business service's services, or every service (<see cref="ServiceIds"/> null).</summary>
public sealed record MetricsScope(ScopeKind Kind, string? Key, string Name, IReadOnlySet<long>? ServiceIds, int ServiceCount)
{
    public bool Includes(long serviceId) => ServiceIds is null || ServiceIds.Contains(serviceId);
}

/// <summary>The deployments a figure counts: those to production-tier environments (the default), or to one environment.</summary>
public sealed record EnvironmentFilter(string Name, long? EnvironmentId)
{
    public const string Production = "production";

    public bool IsProduction => EnvironmentId is null;

    public bool Matches(long? environmentId, EnvironmentTier? tier) =>
        EnvironmentId is { } id ? environmentId == id : tier == EnvironmentTier.Production;
}

public static class MetricsScopes
{
    public static async Task<Result<MetricsScope>> ResolveAsync(GuardrailDb db, string? service, string? team, string? businessService, CancellationToken cancellationToken)
    {
        var given = new[] { service, team, businessService }.Count(s => !string.IsNullOrWhiteSpace(s));
        if (given > 1)
            return Error.Invalid("scope", "Give at most one of 'service', 'team' and 'businessService'.");
        if (!string.IsNullOrWhiteSpace(service))
        {
            var found = await Find(db, service).Select(s => new { s.Id, s.Key, s.Name }).FirstOrDefaultAsync(cancellationToken);
            return found is null ? Error.NotFound("service", service) : new MetricsScope(ScopeKind.Service, found.Key, found.Name, new HashSet<long> { found.Id }, 1);
        }
        if (!string.IsNullOrWhiteSpace(team))
        {
            var reference = RecordReference.Parse(team);
            var found = await db.Teams.AsNoTracking().Where(t => reference.Id != null ? t.Id == reference.Id : t.Key == reference.Key)
                .Select(t => new { t.Id, t.Key, t.Name }).FirstOrDefaultAsync(cancellationToken);
            if (found is null)
                return Error.NotFound("team", team);
            var ids = await db.Services.AsNoTracking().Where(s => s.OwnerTeamId == found.Id).Select(s => s.Id).ToListAsync(cancellationToken);
            return new MetricsScope(ScopeKind.Team, found.Key, found.Name, ids.ToHashSet(), ids.Count);
        }
        if (!string.IsNullOrWhiteSpace(businessService))
        {
            var found = await Find(db, businessService).Select(s => new { s.Id, s.Key, s.Name }).FirstOrDefaultAsync(cancellationToken);
            if (found is null)
                return Error.NotFound("service", businessService);
            var ids = await db.Services.AsNoTracking().Where(s => s.BusinessServiceId == found.Id || s.Id == found.Id).Select(s => s.Id).ToListAsync(cancellationToken);
            return new MetricsScope(ScopeKind.BusinessService, found.Key, found.Name, ids.ToHashSet(), ids.Count);
        }
        return new MetricsScope(ScopeKind.Organisation, null, "Organisation", null, await db.Services.CountAsync(cancellationToken));
    }

    public static async Task<Result<EnvironmentFilter>> ResolveEnvironmentAsync(GuardrailDb db, string? environment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(environment) || string.Equals(environment, EnvironmentFilter.Production, StringComparison.OrdinalIgnoreCase))
            return new EnvironmentFilter(EnvironmentFilter.Production, null);
        var reference = RecordReference.Parse(environment);
        var found = await db.Environments.AsNoTracking().Where(e => reference.Id != null ? e.Id == reference.Id : e.Key == reference.Key)
            .Select(e => new { e.Id, e.Key }).FirstOrDefaultAsync(cancellationToken);
        return found is null
            ? Error.Invalid("environment", $"No environment '{environment}' exists; give an environment key, or 'production' for every production-tier environment.")
            : new EnvironmentFilter(found.Key, found.Id);
    }

    private static IQueryable<Service> Find(GuardrailDb db, string text)
    {
        var reference = RecordReference.Parse(text);
        return db.Services.AsNoTracking().Where(s => reference.Id != null ? s.Id == reference.Id : s.Key == reference.Key);
    }
}
