using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.ServiceCatalog;

/// <summary>Filters for the service list; team and business service are keys.</summary>
public sealed record ServiceQuery(string? Search = null, string? Kind = null, string? Criticality = null, string? Team = null, string? BusinessService = null);

/// <summary>Use cases for business and technical services.</summary>
public sealed class ServiceRegistry(GuardrailDb db, AuditTrail audit, TimeProvider clock, ServiceCatalogIndex index)
{
    public async Task<Result<Page<Service>>> ListAsync(ServiceQuery query, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var services = WithLinks(db.Services.AsNoTracking()).Where(s => s.Id > paging.Value.AfterId);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim().ToLowerInvariant();
            services = services.Where(s => s.Name.ToLower().Contains(search) || s.Key.Contains(search)
                || (s.Description != null && s.Description.ToLower().Contains(search)));
        }
        if (query.Kind is not null)
        {
            if (!WireNames.TryParse<ServiceKind>(query.Kind, out var kind))
                return UnknownFilterValue<ServiceKind>("kind", query.Kind);
            services = services.Where(s => s.Kind == kind);
        }
        if (query.Criticality is not null)
        {
            if (!WireNames.TryParse<Criticality>(query.Criticality, out var criticality))
                return UnknownFilterValue<Criticality>("criticality", query.Criticality);
            services = services.Where(s => s.Criticality == criticality);
        }
        if (query.Team is not null)
            services = services.Where(s => s.OwnerTeam!.Key == query.Team);
        if (query.BusinessService is not null)
            services = services.Where(s => s.BusinessService!.Key == query.BusinessService);
        var rows = await services.OrderBy(s => s.Id).Take(paging.Value.Limit + 1).ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, s => s.Id);
    }

    /// <summary>Served from the <see cref="ServiceCatalogIndex"/>, which is loaded on start and kept current.</summary>
    public async Task<Result<Service>> GetAsync(RecordReference reference, CancellationToken cancellationToken)
    {
        if (index.Sequence < 0)
            await index.RefreshAsync(cancellationToken);
        return index.Find(reference) is { } service ? service : Error.NotFound("service", reference.ToString());
    }

    public async Task<Result<Service>> CreateAsync(ServiceRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var resolved = await ValidateAsync(request, existingId: null, cancellationToken);
        if (!resolved.Succeeded)
            return resolved.Error;
        var now = clock.UtcNow();
        var service = new Service { Key = request.Key!, Name = request.Name!.Trim(), CreatedAt = now, UpdatedAt = now };
        Apply(service, request, resolved.Value);
        db.Services.Add(service);
        await audit.SaveAsync(db, actor, cancellationToken);
        await index.RefreshAsync(cancellationToken);
        return await GetAsync(new RecordReference(service.Id, null), cancellationToken);
    }

    public async Task<Result<Service>> UpdateAsync(RecordReference reference, ServiceRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var service = await Find(reference).FirstOrDefaultAsync(cancellationToken);
        if (service is null)
            return Error.NotFound("service", reference.ToString());
        if (request.Version is null)
            return Error.Invalid("version", "'version' is required when changing a service: send the version you read.");
        var resolved = await ValidateAsync(request, service.Id, cancellationToken);
        if (!resolved.Succeeded)
            return resolved.Error;
        var saved = await Concurrency.SaveVersionedAsync(db, audit, actor, service, "service", request.Version.Value, () =>
        {
            service.Key = request.Key!;
            service.Name = request.Name!.Trim();
            Apply(service, request, resolved.Value);
            service.UpdatedAt = clock.UtcNow();
        }, cancellationToken);
        if (!saved.Succeeded)
            return saved;
        await index.RefreshAsync(cancellationToken);
        return await GetAsync(new RecordReference(service.Id, null), cancellationToken);
    }

    public async Task<Result<Service>> DeleteAsync(RecordReference reference, long? version, Actor actor, CancellationToken cancellationToken)
    {
        var service = await WithLinks(Find(reference)).FirstOrDefaultAsync(cancellationToken);
        if (service is null)
            return Error.NotFound("service", reference.ToString());
        if (version is { } expected && expected != service.Version)
            return Error.StaleVersion("service", expected, service.Version);
        var parts = await db.Services.CountAsync(s => s.BusinessServiceId == service.Id, cancellationToken);
        if (parts > 0)
            return new Error("service.in_use", $"Business service '{service.Key}' is made of {parts} technical service(s); detach them before deleting it.", ErrorKind.Conflict);
        db.Services.Remove(service);
        await audit.SaveAsync(db, actor, cancellationToken);
        await index.RefreshAsync(cancellationToken);
        return service;
    }

    private IQueryable<Service> Find(RecordReference reference) =>
        reference.Id is { } id ? db.Services.Where(s => s.Id == id) : db.Services.Where(s => s.Key == reference.Key);

    private static IQueryable<Service> WithLinks(IQueryable<Service> services) =>
        services.Include(s => s.OwnerTeam).Include(s => s.BusinessService);

    private static Error UnknownFilterValue<TEnum>(string field, string value)
        where TEnum : struct, Enum =>
        Error.Invalid(field, $"Unknown {field} '{value}'; one of: {string.Join(", ", WireNames.All<TEnum>())}.");

    private static void Apply(Service service, ServiceRequest request, ResolvedLinks links)
    {
        service.Kind = links.Kind;
        service.Criticality = links.Criticality;
        service.OwnerTeamId = links.OwnerTeamId;
        service.BusinessServiceId = links.BusinessServiceId;
        service.Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
    }

    private async Task<Result<ResolvedLinks>> ValidateAsync(ServiceRequest request, long? existingId, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Key("key", request.Key)
            .Required("name", request.Name, 200)
            .Optional("description", request.Description, 2000);
        var kindKnown = WireNames.TryParse<ServiceKind>(request.Kind, out var kind);
        if (!kindKnown)
            validation.Add("kind", $"'kind' must be one of: {string.Join(", ", WireNames.All<ServiceKind>())}.");
        if (!WireNames.TryParse<Criticality>(request.Criticality, out var criticality))
            validation.Add("criticality", $"'criticality' must be one of: {string.Join(", ", WireNames.All<Criticality>())} (tier1 is the most critical).");

        long ownerTeamId = 0;
        if (string.IsNullOrWhiteSpace(request.OwnerTeam))
            validation.Add("ownerTeam", "'ownerTeam' is required: the key of the team that owns the service.");
        else if (await db.Teams.Where(t => t.Key == request.OwnerTeam).Select(t => (long?)t.Id).FirstOrDefaultAsync(cancellationToken) is { } teamId)
            ownerTeamId = teamId;
        else
            validation.Add("ownerTeam", $"No team has the key '{request.OwnerTeam}'.");

        long? businessServiceId = null;
        if (!string.IsNullOrWhiteSpace(request.BusinessService))
        {
            if (kindKnown && kind == ServiceKind.Business)
                validation.Add("businessService", "Only a technical service can be part of a business service.");
            var parent = await db.Services.Where(s => s.Key == request.BusinessService)
                .Select(s => new { s.Id, s.Kind }).FirstOrDefaultAsync(cancellationToken);
            if (parent is null)
                validation.Add("businessService", $"No service has the key '{request.BusinessService}'.");
            else if (parent.Kind != ServiceKind.Business)
                validation.Add("businessService", $"'{request.BusinessService}' is a technical service, not a business service.");
            else
                businessServiceId = parent.Id;
        }

        if (!validation.IsValid)
            return validation.ToError();
        if (await db.Services.AnyAsync(s => s.Key == request.Key && s.Id != existingId, cancellationToken))
            return new Error("service.key_taken", $"A service with key '{request.Key}' already exists.", ErrorKind.Conflict,
                new Dictionary<string, string[]> { ["key"] = [$"'{request.Key}' is already used by another service."] });
        return new ResolvedLinks(kind, criticality, ownerTeamId, businessServiceId);
    }

    private sealed record ResolvedLinks(ServiceKind Kind, Criticality Criticality, long OwnerTeamId, long? BusinessServiceId);
}
