using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Problems;

/// <summary>
/// Filters for the problem list. <see cref="Service"/> is a key, <see cref="Incident"/> an INC-n the problems explain;
/// <see cref="Search"/> is PRB-n or words that must all appear in the title, symptoms or workaround.
/// </summary>
public sealed record ProblemQuery(string? State = null, string? Service = null, bool KnownErrorsOnly = false, string? Search = null, string? Incident = null);

/// <summary>Use cases of problem management: log a problem, record its analysis and fix, move it, link the incidents it explains.</summary>
public sealed class ProblemRecords(GuardrailDb db, AuditTrail audit, TimeProvider clock, ServiceCatalogIndex catalog)
{
    public async Task<Result<Page<Problem>>> ListAsync(ProblemQuery query, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var problems = db.Problems.AsNoTracking().Include(p => p.Services).ThenInclude(l => l.Service).Include(p => p.Incidents).Include(p => p.FixChange).AsQueryable();
        if (paging.Value.AfterId > 0)
            problems = problems.Where(p => p.Id < paging.Value.AfterId);
        if (query.State is not null)
        {
            if (!WireNames.TryParse<ProblemState>(query.State, out var state))
                return Error.Invalid("state", $"Unknown state '{query.State}'; one of: {string.Join(", ", WireNames.All<ProblemState>())}.");
            problems = problems.Where(p => p.State == state);
        }
        if (query.KnownErrorsOnly)
            problems = problems.Where(p => p.State == ProblemState.KnownError);
        if (query.Service is not null)
        {
            if (catalog.Find(RecordReference.Parse(query.Service)) is not { } service)
                return Error.Invalid("service", $"No service has the key '{query.Service}'.");
            problems = problems.Where(p => p.Services.Any(l => l.ServiceId == service.Id));
        }
        if (query.Incident is not null)
        {
            if (!RecordNumber.Incident.TryParse(query.Incident, out var incidentId))
                return Error.Invalid("incident", $"'{query.Incident}' is not an incident number (INC-n).");
            problems = problems.Where(p => p.Incidents.Any(l => l.IncidentId == incidentId));
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
            problems = RecordNumber.Problem.TryParse(query.Search, out var number) && query.Search.Trim().StartsWith(RecordNumber.Problem.Prefix, StringComparison.OrdinalIgnoreCase)
                ? problems.Where(p => p.Id == number)
                : KnownErrors.MatchingEveryTerm(problems, KnownErrors.Words(query.Search));
        var rows = await problems.OrderByDescending(p => p.Id).Take(paging.Value.Limit + 1).AsSplitQuery().ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, p => p.Id);
    }

    public async Task<Result<Problem>> GetAsync(string reference, CancellationToken cancellationToken)
    {
        if (!RecordNumber.Problem.TryParse(reference, out var id))
            return Error.NotFound("problem", reference);
        var problem = await db.Problems.AsNoTracking()
            .Include(p => p.Services).ThenInclude(l => l.Service)
            .Include(p => p.Incidents.OrderBy(l => l.LinkedAt)).ThenInclude(l => l.Incident)
            .Include(p => p.FixChange)
            .Include(p => p.Events.OrderBy(e => e.Id))
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return problem is null ? Error.NotFound("problem", reference) : problem;
    }

    /// <summary>Logs a problem, linked to the incidents named; without services named, it affects those of its incidents.</summary>
    public async Task<Result<Problem>> CreateAsync(ProblemRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        var problem = new Problem { Title = "", State = ProblemState.New, CreatedBy = actor.Name, CreatedAt = now, UpdatedAt = now };
        var applied = await ApplyAsync(problem, request, actor, now, cancellationToken);
        if (!applied.Succeeded)
            return applied.Error;
        problem.Events.Insert(0, new ProblemEvent { At = now, Actor = actor.Name, Kind = "logged", Message = $"Logged: {problem.Title}." });
        db.Problems.Add(problem);
        await audit.SaveAsync(db, actor, cancellationToken);
        return await GetAsync(problem.Number, cancellationToken);
    }

    /// <summary>Edits a problem that is not closed: the fields given replace what it says, and a state in the request moves it too.</summary>
    public async Task<Result<Problem>> UpdateAsync(string reference, ProblemRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var problem = await TrackedAsync(reference, cancellationToken);
        if (problem is null)
            return Error.NotFound("problem", reference);
        if (request.Version is null)
            return Error.Invalid("version", "'version' is required when changing a problem: send the version you read.");
        if (request.Version != problem.Version)
            return Error.StaleVersion("problem", request.Version.Value, problem.Version);
        if (problem.State == ProblemState.Closed)
            return Closed(problem);
        var now = clock.UtcNow();
        var applied = await ApplyAsync(problem, request, actor, now, cancellationToken);
        if (!applied.Succeeded)
            return applied.Error;
        problem.Record(now, actor, "edited", "Edited.");
        return await SaveAsync(problem, actor, request.Version.Value, cancellationToken);
    }

    public async Task<Result<Problem>> TransitionAsync(string reference, ProblemTransitionRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (!WireNames.TryParse<ProblemState>(request.To, out var to))
            return Error.Invalid("to", $"'to' must be one of: {string.Join(", ", WireNames.All<ProblemState>())}.");
        if (request.Version is null)
            return Error.Invalid("version", "'version' is required: send the version you read.");
        if (request.Comment is { Length: > 2000 })
            return Error.Invalid("comment", "'comment' must be at most 2,000 characters long.");
        var problem = await TrackedAsync(reference, cancellationToken);
        if (problem is null)
            return Error.NotFound("problem", reference);
        if (request.Version != problem.Version)
            return Error.StaleVersion("problem", request.Version.Value, problem.Version);
        var moved = problem.Transition(to, clock.UtcNow(), actor, request.Comment);
        if (!moved.Succeeded)
            return moved.Error;
        return await SaveAsync(problem, actor, request.Version.Value, cancellationToken);
    }

    public async Task<Result<Problem>> LinkIncidentAsync(string reference, ProblemLinkRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (request.Version is null)
            return Error.Invalid("version", "'version' is required: send the version of the problem you read.");
        var problem = await TrackedAsync(reference, cancellationToken);
        if (problem is null)
            return Error.NotFound("problem", reference);
        if (request.Version != problem.Version)
            return Error.StaleVersion("problem", request.Version.Value, problem.Version);
        if (problem.State == ProblemState.Closed)
            return Closed(problem);
        var incident = await FindIncidentAsync(request.Incident, cancellationToken);
        if (incident is null)
            return Error.Invalid("incident", UnknownIncident(request.Incident));
        if (problem.Incidents.Any(l => l.IncidentId == incident.Id))
            return new Error("problem.incident_already_linked", $"{incident.Number} is linked to {problem.Number} already.", ErrorKind.Conflict);
        problem.LinkIncident(incident, actor, clock.UtcNow());
        return await SaveAsync(problem, actor, request.Version.Value, cancellationToken);
    }

    public async Task<Result<Problem>> UnlinkIncidentAsync(string reference, string incidentReference, long? version, Actor actor, CancellationToken cancellationToken)
    {
        if (version is null)
            return Error.Invalid("version", "'version' is required: send the version of the problem you read.");
        var problem = await TrackedAsync(reference, cancellationToken);
        if (problem is null)
            return Error.NotFound("problem", reference);
        if (version != problem.Version)
            return Error.StaleVersion("problem", version.Value, problem.Version);
        if (problem.State == ProblemState.Closed)
            return Closed(problem);
        var link = RecordNumber.Incident.TryParse(incidentReference, out var incidentId) ? problem.Incidents.FirstOrDefault(l => l.IncidentId == incidentId) : null;
        if (link is null)
            return new Error("problem.incident_not_linked", $"{incidentReference} is not linked to {problem.Number}.", ErrorKind.NotFound);
        problem.UnlinkIncident(link, actor, clock.UtcNow());
        return await SaveAsync(problem, actor, version.Value, cancellationToken);
    }

    private async Task<Problem?> TrackedAsync(string reference, CancellationToken cancellationToken) =>
        RecordNumber.Problem.TryParse(reference, out var id)
            ? await db.Problems.Include(p => p.Services).Include(p => p.Incidents).AsSplitQuery().FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            : null;

    private async Task<Incident?> FindIncidentAsync(string? reference, CancellationToken cancellationToken) =>
        RecordNumber.Incident.TryParse(reference, out var id)
            ? await db.Incidents.AsNoTracking().Include(i => i.Services).FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
            : null;

    private static string UnknownIncident(string? reference) =>
        string.IsNullOrWhiteSpace(reference) ? "'incident' is required: the INC-n to link." : $"No incident '{reference}' exists.";

    private static Error Closed(Problem problem) =>
        new("problem.closed", $"{problem.Number} is closed; log a new problem if it has come back.", ErrorKind.Conflict);

    private async Task<Result<Problem>> SaveAsync(Problem problem, Actor actor, long expectedVersion, CancellationToken cancellationToken)
    {
        problem.Version = expectedVersion + 1;
        problem.UpdatedAt = clock.UtcNow();
        try
        {
            await audit.SaveAsync(db, actor, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Error.StaleVersion("problem", expectedVersion, expectedVersion + 1);
        }
        return await GetAsync(problem.Number, cancellationToken);
    }

    /// <summary>Validates the request and applies it to the problem, links and move included; nothing is saved.</summary>
    private async Task<Result<Problem>> ApplyAsync(Problem problem, ProblemRequest request, Actor actor, DateTime now, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Required("title", request.Title, 300)
            .Optional("description", request.Description, 10_000)
            .Optional("symptoms", request.Symptoms, 10_000)
            .Optional("rootCause", request.RootCause, 10_000)
            .Optional("workaround", request.Workaround, 10_000)
            .Optional("fix", request.Fix, 10_000);
        ProblemState? to = null;
        if (request.State is not null)
        {
            if (WireNames.TryParse<ProblemState>(request.State, out var state))
                to = state;
            else
                validation.Add("state", $"'state' must be one of: {string.Join(", ", WireNames.All<ProblemState>())}.");
        }
        var serviceIds = new List<long>();
        foreach (var key in request.Services ?? [])
        {
            if (catalog.Find(RecordReference.Parse(key)) is { } service)
                serviceIds.Add(service.Id);
            else
                validation.Add("services", $"No service has the key '{key}'.");
        }
        var incidents = new List<Incident>();
        foreach (var reference in request.Incidents ?? [])
        {
            if (await FindIncidentAsync(reference, cancellationToken) is { } incident)
                incidents.Add(incident);
            else
                validation.Add("incidents", UnknownIncident(reference));
        }
        long? fixChangeId = null;
        if (!string.IsNullOrWhiteSpace(request.FixChange))
        {
            if (RecordNumber.Change.TryParse(request.FixChange, out var changeId) && await db.Changes.AnyAsync(c => c.Id == changeId, cancellationToken))
                fixChangeId = changeId;
            else
                validation.Add("fixChange", $"No change '{request.FixChange}' exists.");
        }
        if (!validation.IsValid)
            return validation.ToError();

        problem.Title = request.Title!.Trim();
        problem.Description = Trimmed(request.Description);
        problem.Symptoms = Trimmed(request.Symptoms);
        problem.RootCause = Trimmed(request.RootCause);
        problem.Workaround = Trimmed(request.Workaround);
        problem.Fix = Trimmed(request.Fix);
        problem.FixChangeId = fixChangeId;
        if (request.Incidents is not null)
        {
            foreach (var link in problem.Incidents.Where(l => incidents.All(i => i.Id != l.IncidentId)).ToList())
                problem.UnlinkIncident(link, actor, now);
            foreach (var incident in incidents.DistinctBy(i => i.Id).Where(i => problem.Incidents.All(l => l.IncidentId != i.Id)))
                problem.LinkIncident(incident, actor, now);
        }
        if (request.Services is null && problem.Id == 0)
            serviceIds.AddRange(incidents.SelectMany(i => i.Services).Select(l => l.ServiceId));
        if (request.Services is not null || problem.Id == 0)
        {
            problem.Services.RemoveAll(l => !serviceIds.Contains(l.ServiceId));
            problem.Services.AddRange(serviceIds.Distinct().Where(id => problem.Services.All(l => l.ServiceId != id)).Select(id => new ProblemService { ServiceId = id }));
        }
        if (to is { } target && target != problem.State)
        {
            var moved = problem.Transition(target, now, actor);
            if (!moved.Succeeded)
                return moved.Error;
        }
        return problem;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
