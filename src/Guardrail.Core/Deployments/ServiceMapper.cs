using Guardrail.Core.Cmdb;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Deployments;

/// <summary>The service and environment a tool's record belongs to, or why they could not be found.</summary>
public sealed record ServiceMapping(long? ServiceId, long? EnvironmentId, EnvironmentTier? Tier, string? Problem);

/// <summary>
/// Finds the service and environment of a deployment or alert: explicit <see cref="ServiceMappingRule"/>s first, then
/// the service catalogue (a hint that is a service key), then the CMDB (the repository CI's service, or the one service
/// of everything built from it; a CI named by the hint). Environments match by key or name. Nothing is guessed: an
/// ambiguous answer is a problem to fix with a rule. Lookups are cached for the life of one processing batch.
/// </summary>
public sealed class ServiceMapper(GuardrailDb db)
{
    private List<ServiceMappingRule>? _rules;
    private List<DeploymentEnvironment>? _environments;
    private readonly Dictionary<string, long?> _servicesByKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (long? ServiceId, string? Problem)> _servicesByRepository = [];
    private readonly Dictionary<string, long?> _servicesByCiName = new(StringComparer.OrdinalIgnoreCase);

    public async Task<ServiceMapping> MapAsync(string? repository, string? serviceHint, string? environmentName, CancellationToken cancellationToken)
    {
        _rules ??= await db.ServiceMappingRules.AsNoTracking().ToListAsync(cancellationToken);
        _environments ??= await db.Environments.AsNoTracking().ToListAsync(cancellationToken);
        repository = repository?.ToLowerInvariant();

        var matching = _rules
            .Where(r => (r.Repository is null || r.Repository == repository)
                && (r.ServiceHint is null || string.Equals(r.ServiceHint, serviceHint, StringComparison.OrdinalIgnoreCase))
                && (r.EnvironmentName is null || string.Equals(r.EnvironmentName, environmentName, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(r => r.Specificity)
            .ToList();
        var problems = new List<string>();

        var serviceId = matching.FirstOrDefault(r => r.ServiceId is not null)?.ServiceId;
        if (serviceId is null && serviceHint is not null)
            serviceId = await ServiceByKeyAsync(serviceHint, cancellationToken);
        if (serviceId is null && repository is not null)
        {
            var (fromRepository, problem) = await ServiceByRepositoryAsync(repository, cancellationToken);
            serviceId = fromRepository;
            if (problem is not null)
                problems.Add(problem);
        }
        if (serviceId is null && serviceHint is not null)
            serviceId = await ServiceByCiNameAsync(serviceHint, cancellationToken);
        if (serviceId is null && problems.Count == 0)
            problems.Add($"No mapping rule, service or CMDB record names a service for repository '{repository ?? "(none)"}' / '{serviceHint ?? "(none)"}'.");

        var environmentId = matching.FirstOrDefault(r => r.EnvironmentId is not null)?.EnvironmentId;
        var environment = environmentId is { } id
            ? _environments.FirstOrDefault(e => e.Id == id)
            : _environments.FirstOrDefault(e => string.Equals(e.Key, environmentName, StringComparison.OrdinalIgnoreCase))
                ?? _environments.FirstOrDefault(e => string.Equals(e.Name, environmentName, StringComparison.OrdinalIgnoreCase));
        if (environment is null && environmentName is not null)
            problems.Add($"No environment is called '{environmentName}'; add one or a mapping rule for it.");

        return new ServiceMapping(serviceId, environment?.Id, environment?.Tier, problems.Count == 0 ? null : string.Join(" ", problems));
    }

    private async Task<long?> ServiceByKeyAsync(string key, CancellationToken cancellationToken)
    {
        if (!_servicesByKey.TryGetValue(key, out var serviceId))
        {
            var lowered = key.ToLowerInvariant();
            _servicesByKey[key] = serviceId = await db.Services.AsNoTracking().Where(s => s.Key == lowered)
                .Select(s => (long?)s.Id).FirstOrDefaultAsync(cancellationToken);
        }
        return serviceId;
    }

    private async Task<(long? ServiceId, string? Problem)> ServiceByRepositoryAsync(string repository, CancellationToken cancellationToken)
    {
        if (_servicesByRepository.TryGetValue(repository, out var known))
            return known;
        var key = CiKeys.Repository(repository);
        var ci = await db.ConfigurationItems.AsNoTracking().Where(c => c.Key == key && c.Status == CiStatus.Active)
            .Select(c => new { c.Id, c.ServiceId }).FirstOrDefaultAsync(cancellationToken);
        (long?, string?) found = (null, null);
        if (ci?.ServiceId is { } direct)
            found = (direct, null);
        else if (ci is not null)
        {
            var built = await db.Relationships.AsNoTracking()
                .Where(r => r.ToCiId == ci.Id && r.Type == RelationshipType.BuiltFrom && r.Status == CiStatus.Active && r.From!.ServiceId != null)
                .Select(r => r.From!.ServiceId!.Value).Distinct().Take(2).ToListAsync(cancellationToken);
            found = built.Count switch
            {
                1 => (built[0], null),
                0 => (null, null),
                _ => (null, $"Repository '{repository}' builds several services; add a mapping rule that says which one this is."),
            };
        }
        _servicesByRepository[repository] = found;
        return found;
    }

    private async Task<long?> ServiceByCiNameAsync(string name, CancellationToken cancellationToken)
    {
        if (!_servicesByCiName.TryGetValue(name, out var serviceId))
        {
            var services = await db.ConfigurationItems.AsNoTracking()
                .Where(c => c.Name == name && c.Status == CiStatus.Active && c.ServiceId != null)
                .Select(c => c.ServiceId!.Value).Distinct().Take(2).ToListAsync(cancellationToken);
            _servicesByCiName[name] = serviceId = services.Count == 1 ? services[0] : null;
        }
        return serviceId;
    }
}
