using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.ServiceCatalog;

/// <summary>Use cases for deployment environments.</summary>
public sealed class EnvironmentRegistry(GuardrailDb db, AuditTrail audit, TimeProvider clock, ServiceCatalogIndex index)
{
    public async Task<Result<Page<DeploymentEnvironment>>> ListAsync(string? tier, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var environments = db.Environments.AsNoTracking().Where(e => e.Id > paging.Value.AfterId);
        if (tier is not null)
        {
            if (!WireNames.TryParse<EnvironmentTier>(tier, out var wanted))
                return Error.Invalid("tier", $"Unknown tier '{tier}'; one of: {string.Join(", ", WireNames.All<EnvironmentTier>())}.");
            environments = environments.Where(e => e.Tier == wanted);
        }
        var rows = await environments.OrderBy(e => e.Id).Take(paging.Value.Limit + 1).ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, e => e.Id);
    }

    public async Task<Result<DeploymentEnvironment>> GetAsync(RecordReference reference, CancellationToken cancellationToken) =>
        await Find(reference).AsNoTracking().FirstOrDefaultAsync(cancellationToken) is { } environment
            ? environment
            : Error.NotFound("environment", reference.ToString());

    public async Task<Result<DeploymentEnvironment>> CreateAsync(EnvironmentRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var tier = await ValidateAsync(request, existingId: null, cancellationToken);
        if (!tier.Succeeded)
            return tier.Error;
        var now = clock.UtcNow();
        var environment = new DeploymentEnvironment { Key = request.Key!, Name = request.Name!.Trim(), Tier = tier.Value, CreatedAt = now, UpdatedAt = now };
        environment.Description = Trimmed(request.Description);
        db.Environments.Add(environment);
        await audit.SaveAsync(db, actor, cancellationToken);
        await index.RefreshAsync(cancellationToken);
        return environment;
    }

    public async Task<Result<DeploymentEnvironment>> UpdateAsync(RecordReference reference, EnvironmentRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var environment = await Find(reference).FirstOrDefaultAsync(cancellationToken);
        if (environment is null)
            return Error.NotFound("environment", reference.ToString());
        if (request.Version is null)
            return Error.Invalid("version", "'version' is required when changing an environment: send the version you read.");
        var tier = await ValidateAsync(request, environment.Id, cancellationToken);
        if (!tier.Succeeded)
            return tier.Error;
        var saved = await Concurrency.SaveVersionedAsync(db, audit, actor, environment, "environment", request.Version.Value, () =>
        {
            environment.Key = request.Key!;
            environment.Name = request.Name!.Trim();
            environment.Tier = tier.Value;
            environment.Description = Trimmed(request.Description);
            environment.UpdatedAt = clock.UtcNow();
        }, cancellationToken);
        if (saved.Succeeded)
            await index.RefreshAsync(cancellationToken);
        return saved;
    }

    public async Task<Result<DeploymentEnvironment>> DeleteAsync(RecordReference reference, long? version, Actor actor, CancellationToken cancellationToken)
    {
        var environment = await Find(reference).FirstOrDefaultAsync(cancellationToken);
        if (environment is null)
            return Error.NotFound("environment", reference.ToString());
        if (version is { } expected && expected != environment.Version)
            return Error.StaleVersion("environment", expected, environment.Version);
        db.Environments.Remove(environment);
        await audit.SaveAsync(db, actor, cancellationToken);
        await index.RefreshAsync(cancellationToken);
        return environment;
    }

    private IQueryable<DeploymentEnvironment> Find(RecordReference reference) =>
        reference.Id is { } id ? db.Environments.Where(e => e.Id == id) : db.Environments.Where(e => e.Key == reference.Key);

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task<Result<EnvironmentTier>> ValidateAsync(EnvironmentRequest request, long? existingId, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Key("key", request.Key)
            .Required("name", request.Name, 200)
            .Optional("description", request.Description, 2000);
        if (!WireNames.TryParse<EnvironmentTier>(request.Tier, out var tier))
            validation.Add("tier", $"'tier' must be one of: {string.Join(", ", WireNames.All<EnvironmentTier>())}.");
        if (!validation.IsValid)
            return validation.ToError();
        if (await db.Environments.AnyAsync(e => e.Key == request.Key && e.Id != existingId, cancellationToken))
            return new Error("environment.key_taken", $"An environment with key '{request.Key}' already exists.", ErrorKind.Conflict,
                new Dictionary<string, string[]> { ["key"] = [$"'{request.Key}' is already used by another environment."] });
        return tier;
    }
}
