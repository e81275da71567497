using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.ServiceCatalog;

public sealed record TeamQuery(string? Search);

/// <summary>Use cases for teams, the owners of services.</summary>
/// <remarks>A team's key and name appear on its services, so writes refresh the <see cref="ServiceCatalogIndex"/>.</remarks>
public sealed class TeamDirectory(GuardrailDb db, AuditTrail audit, TimeProvider clock, ServiceCatalogIndex index)
{
    public async Task<Result<Page<Team>>> ListAsync(TeamQuery query, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var teams = db.Teams.AsNoTracking().Where(t => t.Id > paging.Value.AfterId);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim().ToLowerInvariant();
            teams = teams.Where(t => t.Name.ToLower().Contains(search) || t.Key.Contains(search));
        }
        var rows = await teams.OrderBy(t => t.Id).Take(paging.Value.Limit + 1).ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, t => t.Id);
    }

    public async Task<Result<Team>> GetAsync(RecordReference reference, CancellationToken cancellationToken) =>
        await Find(reference).AsNoTracking().FirstOrDefaultAsync(cancellationToken) is { } team
            ? team
            : Error.NotFound("team", reference.ToString());

    public async Task<Result<Team>> CreateAsync(TeamRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (await ValidateAsync(request, existingId: null, cancellationToken) is { } invalid)
            return invalid;
        var now = clock.UtcNow();
        var team = new Team { Key = request.Key!, Name = request.Name!.Trim(), CreatedAt = now, UpdatedAt = now };
        Apply(team, request);
        db.Teams.Add(team);
        await audit.SaveAsync(db, actor, cancellationToken);
        return team;
    }

    public async Task<Result<Team>> UpdateAsync(RecordReference reference, TeamRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var team = await Find(reference).FirstOrDefaultAsync(cancellationToken);
        if (team is null)
            return Error.NotFound("team", reference.ToString());
        if (request.Version is null)
            return Error.Invalid("version", "'version' is required when changing a team: send the version you read.");
        if (await ValidateAsync(request, team.Id, cancellationToken) is { } invalid)
            return invalid;
        var saved = await Concurrency.SaveVersionedAsync(db, audit, actor, team, "team", request.Version.Value, () =>
        {
            team.Key = request.Key!;
            team.Name = request.Name!.Trim();
            Apply(team, request);
            team.UpdatedAt = clock.UtcNow();
        }, cancellationToken);
        if (saved.Succeeded)
            await index.RefreshAsync(cancellationToken);
        return saved;
    }

    public async Task<Result<Team>> DeleteAsync(RecordReference reference, long? version, Actor actor, CancellationToken cancellationToken)
    {
        var team = await Find(reference).FirstOrDefaultAsync(cancellationToken);
        if (team is null)
            return Error.NotFound("team", reference.ToString());
        if (version is { } expected && expected != team.Version)
            return Error.StaleVersion("team", expected, team.Version);
        var owned = await db.Services.CountAsync(s => s.OwnerTeamId == team.Id, cancellationToken);
        if (owned > 0)
            return new Error("team.in_use", $"Team '{team.Key}' owns {owned} service(s); give them another owner before deleting it.", ErrorKind.Conflict);
        db.Teams.Remove(team);
        await audit.SaveAsync(db, actor, cancellationToken);
        return team;
    }

    private IQueryable<Team> Find(RecordReference reference) =>
        reference.Id is { } id ? db.Teams.Where(t => t.Id == id) : db.Teams.Where(t => t.Key == reference.Key);

    private static void Apply(Team team, TeamRequest request)
    {
        team.Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        team.ContactEmail = string.IsNullOrWhiteSpace(request.ContactEmail) ? null : request.ContactEmail.Trim();
    }

    private async Task<Error?> ValidateAsync(TeamRequest request, long? existingId, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Key("key", request.Key)
            .Required("name", request.Name, 200)
            .Optional("description", request.Description, 2000)
            .Optional("contactEmail", request.ContactEmail, 254);
        if (!string.IsNullOrWhiteSpace(request.ContactEmail) && !request.ContactEmail.Contains('@', StringComparison.Ordinal))
            validation.Add("contactEmail", "'contactEmail' must be an e-mail address.");
        if (!validation.IsValid)
            return validation.ToError();
        if (await db.Teams.AnyAsync(t => t.Key == request.Key && t.Id != existingId, cancellationToken))
            return new Error("team.key_taken", $"A team with key '{request.Key}' already exists.", ErrorKind.Conflict,
                new Dictionary<string, string[]> { ["key"] = [$"'{request.Key}' is already used by another team."] });
        return null;
    }
}
