using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Incidents;

/// <summary>
/// Filters for incident lists. Service and team are keys, assignee a user name; <see cref="Sla"/> matches the worse of
/// an incident's two clocks (within, warning, breached, met); <see cref="Search"/> is INC-n or words of the title.
/// </summary>
public sealed record IncidentQuery(
    string? State = null, string? Priority = null, string? Service = null, string? Team = null, string? Assignee = null,
    bool? Major = null, bool OpenOnly = false, string? Sla = null, string? Search = null);

/// <summary>Use cases of incidents by hand: declare, edit, move along the transition table, assign, comment.</summary>
public sealed class IncidentRecords(
    GuardrailDb db, AuditTrail audit, TimeProvider clock, ServiceCatalogIndex catalog, ConfigurationItems cmdb, IncidentSettingsStore settings,
    Satisfaction.SatisfactionSurveys surveys)
{
    /// <summary>The most open incidents the queue shows at once; a longer queue is narrowed with filters.</summary>
    public const int QueueLimit = 500;

    /// <summary>Newest first, a page at a time.</summary>
    public async Task<Result<Page<Incident>>> ListAsync(IncidentQuery query, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        if (Filter(query, out var incidents) is { } invalid)
            return invalid;
        if (paging.Value.AfterId > 0)
            incidents = incidents.Where(i => i.Id < paging.Value.AfterId);
        var rows = await incidents.OrderByDescending(i => i.Id).Take(paging.Value.Limit + 1).ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, i => i.Id);
    }

    /// <summary>The open incidents in the order they are worked: by priority, then by when their resolution is due (on hold last).</summary>
    public async Task<Result<IReadOnlyList<Incident>>> QueueAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        if (Filter(query with { OpenOnly = true }, out var incidents) is { } invalid)
            return invalid;
        return await incidents
            .OrderBy(i => i.Priority).ThenBy(i => i.ResolutionDueAt == null).ThenBy(i => i.ResolutionDueAt).ThenBy(i => i.Id)
            .Take(QueueLimit).ToListAsync(cancellationToken);
    }

    public async Task<Result<Incident>> GetAsync(string reference, CancellationToken cancellationToken)
    {
        if (!RecordNumber.Incident.TryParse(reference, out var id))
            return Error.NotFound("incident", reference);
        var incident = await db.Incidents.AsNoTracking()
            .Include(i => i.Assignee).Include(i => i.Team)
            .Include(i => i.Services).ThenInclude(l => l.Service)
            .Include(i => i.Cis).ThenInclude(l => l.Ci)
            .Include(i => i.Pauses)
            .Include(i => i.Events.OrderBy(e => e.Id))
            .AsSplitQuery()
            .FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return incident is null ? Error.NotFound("incident", reference) : incident;
    }

    /// <summary>The alerts that opened or joined the incident, oldest first.</summary>
    public async Task<IReadOnlyList<Alert>> AlertsOfAsync(Incident incident, CancellationToken cancellationToken) =>
        await db.Alerts.AsNoTracking().Where(a => a.IncidentId == incident.Id).OrderBy(a => a.StartsAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);

    /// <summary>Declares an incident; it is new until someone acknowledges it. The reporter is the person declaring it unless named.</summary>
    public async Task<Result<Incident>> CreateAsync(IncidentRequest request, Actor actor, string? person, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        var current = await settings.CurrentAsync(cancellationToken);
        var incident = new Incident { Title = "", ReporterName = "", State = IncidentState.New, OpenedAt = now, UpdatedAt = now };
        var applied = await ApplyAsync(incident, request, current, actor, now, cancellationToken);
        if (!applied.Succeeded)
            return applied.Error;
        if (request.ReporterName is null)
        {
            incident.ReporterName = person ?? actor.Name;
            incident.ReporterEmail ??= person is null ? null
                : await db.Users.Where(u => u.UserName == person).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        }
        incident.Events.Insert(0, new IncidentEvent
        {
            At = now, Actor = actor.Name, Kind = "opened",
            Message = $"Declared by {person ?? actor.Name}: {incident.Title} ({WireNames.Of(incident.Priority)}{(incident.IsMajor ? ", major incident" : "")}).",
        });
        IncidentSla.Refresh(incident, current, now);
        db.Incidents.Add(incident);
        await audit.SaveAsync(db, actor, cancellationToken);
        return await GetAsync(incident.Number, cancellationToken);
    }

    /// <summary>Replaces what the incident says (a closed incident is final); its timeline records what changed.</summary>
    public async Task<Result<Incident>> UpdateAsync(string reference, IncidentRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (request.Version is not { } version)
            return Error.Invalid("version", "'version' is required when changing an incident: send the version you read.");
        var incident = await TrackedAsync(reference, cancellationToken);
        if (incident is null)
            return Error.NotFound("incident", reference);
        if (version != incident.Version)
            return Error.StaleVersion("incident", version, incident.Version);
        if (incident.State == IncidentState.Closed)
            return new Error("incident.closed", $"{incident.Number} is closed, which is final; open a new incident instead.", ErrorKind.Conflict);
        var now = clock.UtcNow();
        var current = await settings.CurrentAsync(cancellationToken);
        var applied = await ApplyAsync(incident, request, current, actor, now, cancellationToken);
        if (!applied.Succeeded)
            return applied.Error;
        IncidentSla.Refresh(incident, current, now);
        return await SaveAsync(incident, actor, version, cancellationToken);
    }

    /// <summary>
    /// Acknowledge, start, hold (with a reason), resume, resolve (with resolution notes), close or reopen (with a reason).
    /// A person moving a new incident on has responded to it, whatever the move.
    /// </summary>
    public async Task<Result<Incident>> TransitionAsync(
        string reference, IncidentTransitionRequest request, Actor actor, string? person, CancellationToken cancellationToken)
    {
        if (!WireNames.TryParse<IncidentAction>(request.Action, out var action))
            return Error.Invalid("action", $"'action' must be one of: {string.Join(", ", WireNames.All<IncidentAction>())}.");
        if (request.Version is not { } version)
            return Error.Invalid("version", "'version' is required: send the version you read.");
        var incident = await TrackedAsync(reference, cancellationToken);
        if (incident is null)
            return Error.NotFound("incident", reference);
        if (version != incident.Version)
            return Error.StaleVersion("incident", version, incident.Version);
        var now = clock.UtcNow();
        var moved = incident.Apply(action, now);
        if (!moved.Succeeded)
            return moved.Error;
        var reason = Trimmed(request.Reason);
        var validation = new Validation().Optional("reason", reason, 2000).Optional("resolutionNotes", request.ResolutionNotes, 10_000);
        if (action is IncidentAction.Hold or IncidentAction.Reopen && reason is null)
            validation.Add("reason", $"'reason' is required to {WireNames.Of(action)} an incident: say why.");
        if (action == IncidentAction.Resolve && string.IsNullOrWhiteSpace(request.ResolutionNotes))
            validation.Add("resolutionNotes", "'resolutionNotes' is required to resolve an incident: say how the service was restored.");
        if (!validation.IsValid)
            return validation.ToError();
        incident.AcknowledgedAt ??= now;
        if (action == IncidentAction.Resolve)
            incident.ResolutionNotes = request.ResolutionNotes!.Trim();
        var who = person ?? actor.Name;
        var (kind, message) = action switch
        {
            IncidentAction.Acknowledge => ("acknowledged", $"Acknowledged by {who}."),
            IncidentAction.Start => ("started", $"Work started by {who}."),
            IncidentAction.Hold => ("on-hold", $"On hold: {reason}. The SLA clocks stand still until it resumes."),
            IncidentAction.Resume => ("resumed", "Resumed: the SLA clocks run again."),
            IncidentAction.Resolve => ("resolved", $"Resolved, the service is restored: {incident.ResolutionNotes}"),
            IncidentAction.Close => ("closed", "Closed."),
            _ => ("reopened", $"Reopened: {reason}."),
        };
        incident.Record(now, actor, kind, reason is null || action is IncidentAction.Hold or IncidentAction.Reopen ? message : $"{message} {reason}");
        IncidentSla.Refresh(incident, await settings.CurrentAsync(cancellationToken), now);
        if (action == IncidentAction.Resolve && await surveys.InviteAsync(incident, cancellationToken) is { Id: 0 } invited)
            incident.Record(now, actor, "survey-ready", $"A satisfaction survey link for {invited.Recipient} is ready on the incident page.");
        return await SaveAsync(incident, actor, version, cancellationToken);
    }

    public async Task<Result<Incident>> AssignAsync(string reference, IncidentAssignmentRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (request.Version is not { } version)
            return Error.Invalid("version", "'version' is required: send the version you read.");
        var incident = await TrackedAsync(reference, cancellationToken);
        if (incident is null)
            return Error.NotFound("incident", reference);
        if (version != incident.Version)
            return Error.StaleVersion("incident", version, incident.Version);
        if (incident.State == IncidentState.Closed)
            return new Error("incident.closed", $"{incident.Number} is closed, which is final.", ErrorKind.Conflict);
        var validation = new Validation();
        var assigned = await AssignAsync(incident, request.Assignee, request.Team, validation, actor, clock.UtcNow(), cancellationToken);
        if (!validation.IsValid)
            return validation.ToError();
        return assigned ? await SaveAsync(incident, actor, version, cancellationToken) : await GetAsync(incident.Number, cancellationToken);
    }

    /// <summary>Adds a comment to the timeline; comments never conflict with edits, so they need no version.</summary>
    public async Task<Result<Incident>> CommentAsync(string reference, IncidentCommentRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("message", request.Message, 4000);
        if (!validation.IsValid)
            return validation.ToError();
        var incident = await TrackedAsync(reference, cancellationToken);
        if (incident is null)
            return Error.NotFound("incident", reference);
        incident.Record(clock.UtcNow(), actor, "comment", request.Message!.Trim());
        await audit.SaveAsync(db, actor, cancellationToken);
        return await GetAsync(incident.Number, cancellationToken);
    }

    internal async Task<Incident?> TrackedAsync(string reference, CancellationToken cancellationToken) =>
        RecordNumber.Incident.TryParse(reference, out var id)
            ? await db.Incidents.Include(i => i.Services).Include(i => i.Cis).Include(i => i.Pauses).Include(i => i.Assignee).Include(i => i.Team)
                .AsSplitQuery().FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
            : null;

    private Error? Filter(IncidentQuery query, out IQueryable<Incident> incidents)
    {
        incidents = db.Incidents.AsNoTracking()
            .Include(i => i.Assignee).Include(i => i.Team).Include(i => i.Services).ThenInclude(l => l.Service)
            .AsSplitQuery();
        if (query.State is not null)
        {
            if (!WireNames.TryParse<IncidentState>(query.State, out var state))
                return Error.Invalid("state", $"Unknown state '{query.State}'; one of: {string.Join(", ", WireNames.All<IncidentState>())}.");
            incidents = incidents.Where(i => i.State == state);
        }
        if (query.Priority is not null)
        {
            if (!WireNames.TryParse<IncidentPriority>(query.Priority, out var priority))
                return Error.Invalid("priority", $"Unknown priority '{query.Priority}'; one of: {string.Join(", ", WireNames.All<IncidentPriority>())}.");
            incidents = incidents.Where(i => i.Priority == priority);
        }
        if (query.Sla is not null)
        {
            if (!WireNames.TryParse<SlaState>(query.Sla, out var sla))
                return Error.Invalid("sla", $"Unknown SLA state '{query.Sla}'; one of: {string.Join(", ", WireNames.All<SlaState>())}.");
            incidents = sla switch
            {
                SlaState.Breached => incidents.Where(i => i.ResponseSla == SlaState.Breached || i.ResolutionSla == SlaState.Breached),
                SlaState.Warning => incidents.Where(i => (i.ResponseSla == SlaState.Warning || i.ResolutionSla == SlaState.Warning)
                    && i.ResponseSla != SlaState.Breached && i.ResolutionSla != SlaState.Breached),
                SlaState.Within => incidents.Where(i => (i.ResponseSla == SlaState.Within || i.ResolutionSla == SlaState.Within)
                    && i.ResponseSla != SlaState.Warning && i.ResolutionSla != SlaState.Warning
                    && i.ResponseSla != SlaState.Breached && i.ResolutionSla != SlaState.Breached),
                _ => incidents.Where(i => i.ResponseSla == SlaState.Met && i.ResolutionSla == SlaState.Met),
            };
        }
        if (query.Service is not null)
            incidents = incidents.Where(i => i.Services.Any(l => l.Service!.Key == query.Service));
        if (query.Team is not null)
            incidents = incidents.Where(i => i.Team!.Key == query.Team);
        if (query.Assignee is not null)
            incidents = incidents.Where(i => i.Assignee!.UserName == query.Assignee);
        if (query.Major is { } major)
            incidents = incidents.Where(i => i.IsMajor == major);
        if (query.OpenOnly)
            incidents = incidents.Where(i => i.State != IncidentState.Resolved && i.State != IncidentState.Closed);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim();
            incidents = RecordNumber.Incident.TryParse(search, out var number)
                ? incidents.Where(i => i.Id == number)
                : incidents.Where(i => i.Title.ToLower().Contains(search.ToLower()));
        }
        return null;
    }

    private async Task<Result<Incident>> SaveAsync(Incident incident, Actor actor, long expectedVersion, CancellationToken cancellationToken)
    {
        incident.Version = expectedVersion + 1;
        incident.UpdatedAt = clock.UtcNow();
        try
        {
            await audit.SaveAsync(db, actor, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Error.StaleVersion("incident", expectedVersion, expectedVersion + 1);
        }
        return await GetAsync(incident.Number, cancellationToken);
    }

    /// <summary>Validates the request and applies it to the incident with timeline lines for what changed; nothing is saved.</summary>
    private async Task<Result<Incident>> ApplyAsync(
        Incident incident, IncidentRequest request, IncidentSettings current, Actor actor, DateTime now, CancellationToken cancellationToken)
    {
        var creating = incident.Id == 0;
        var validation = new Validation()
            .Required("title", request.Title, 300)
            .Optional("description", request.Description, 10_000)
            .Optional("priorityReason", request.PriorityReason, 1000)
            .Optional("reporterName", request.ReporterName, 200)
            .Optional("reporterEmail", request.ReporterEmail, 320);
        if (!creating && string.IsNullOrWhiteSpace(request.ReporterName))
            validation.Add("reporterName", "'reporterName' is required when editing an incident: send the reporter you read.");
        if (request.ReporterEmail is { } email && !email.Contains('@', StringComparison.Ordinal))
            validation.Add("reporterEmail", $"'{email}' is not an e-mail address.");
        if (!WireNames.TryParse<IncidentImpact>(request.Impact, out var impact))
            validation.Add("impact", $"'impact' must be one of: {string.Join(", ", WireNames.All<IncidentImpact>())}.");
        if (!WireNames.TryParse<IncidentUrgency>(request.Urgency, out var urgency))
            validation.Add("urgency", $"'urgency' must be one of: {string.Join(", ", WireNames.All<IncidentUrgency>())}.");
        IncidentPriority? requested = null;
        if (request.Priority is not null)
        {
            if (WireNames.TryParse<IncidentPriority>(request.Priority, out var parsed))
                requested = parsed;
            else
                validation.Add("priority", $"'priority' must be one of: {string.Join(", ", WireNames.All<IncidentPriority>())}.");
        }
        if (request.StartedAt is { } started && started.ToUniversalTime() > now)
            validation.Add("startedAt", "'startedAt' is when the impact began, so it cannot be in the future.");
        var serviceIds = new List<long>();
        foreach (var key in request.Services ?? [])
        {
            if (catalog.Find(RecordReference.Parse(key)) is { } service)
                serviceIds.Add(service.Id);
            else
                validation.Add("services", $"No service has the key '{key}'.");
        }
        var ciIds = new List<long>();
        foreach (var reference in request.Cis ?? [])
        {
            var ci = await cmdb.FindAsync(reference, cancellationToken);
            if (ci.Succeeded)
                ciIds.Add(ci.Value.Id);
            else
                validation.Add("cis", ci.Error.Message);
        }
        var matrix = validation.IsValid ? current.PriorityOf(impact, urgency) : default;
        var keepsSource = !creating && requested == incident.Priority && incident.PrioritySource != PrioritySource.Matrix
            && impact == incident.Impact && urgency == incident.Urgency && request.PriorityReason is null;
        var overrides = requested is { } wanted && wanted != matrix && !keepsSource;
        if (overrides && string.IsNullOrWhiteSpace(request.PriorityReason))
            validation.Add("priorityReason", $"'priorityReason' is required to set priority {request.Priority} when impact and urgency give {WireNames.Of(matrix)}: say why.");
        await AssignAsync(incident, request.Assignee, request.Team, validation, actor, now, cancellationToken);
        if (!validation.IsValid)
            return validation.ToError();

        var changed = new List<string>();
        void Set<T>(string field, T before, T after, Action<T> assign)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
                changed.Add(field);
            assign(after);
        }
        Set("title", incident.Title, request.Title!.Trim(), v => incident.Title = v);
        Set("description", incident.Description, Trimmed(request.Description), v => incident.Description = v);
        Set("impact", incident.Impact, impact, v => incident.Impact = v);
        Set("urgency", incident.Urgency, urgency, v => incident.Urgency = v);
        if (request.ReporterName is not null)
            Set("reporter", incident.ReporterName, request.ReporterName.Trim(), v => incident.ReporterName = v);
        Set("reporter e-mail", incident.ReporterEmail, Trimmed(request.ReporterEmail), v => incident.ReporterEmail = v);
        Set("impact start", incident.StartedAt, request.StartedAt is { } start ? Timestamps.Utc(start) : creating ? now : incident.StartedAt, v => incident.StartedAt = v);
        var services = serviceIds.Distinct().ToList();
        if (!services.Order().SequenceEqual(incident.Services.Select(l => l.ServiceId).Order()))
            changed.Add("services");
        incident.Services.RemoveAll(l => !services.Contains(l.ServiceId));
        incident.Services.AddRange(services.Where(id => incident.Services.All(l => l.ServiceId != id)).Select(id => new IncidentService { ServiceId = id }));
        var cis = ciIds.Distinct().ToList();
        if (!cis.Order().SequenceEqual(incident.Cis.Select(l => l.CiId).Order()))
            changed.Add("CIs");
        incident.Cis.RemoveAll(l => !cis.Contains(l.CiId));
        incident.Cis.AddRange(cis.Where(id => incident.Cis.All(l => l.CiId != id)).Select(id => new IncidentCi { CiId = id }));
        if (!creating && changed.Count > 0)
            incident.Record(now, actor, "edited", $"Edited: {string.Join(", ", changed)}.");

        var priority = overrides ? requested!.Value : keepsSource ? incident.Priority : matrix;
        var source = overrides ? PrioritySource.Override : keepsSource ? incident.PrioritySource : PrioritySource.Matrix;
        if (overrides)
            incident.Record(now, actor, "priority-overridden",
                $"Priority {WireNames.Of(priority)} instead of {WireNames.Of(matrix)} from the matrix: {request.PriorityReason!.Trim()}");
        else if (!creating && priority != incident.Priority)
            incident.Record(now, actor, "priority-changed",
                $"Priority {WireNames.Of(incident.Priority)} → {WireNames.Of(priority)} (impact {WireNames.Of(impact)}, urgency {WireNames.Of(urgency)}).");
        (incident.Priority, incident.PrioritySource) = (priority, source);
        if (request.Major != incident.IsMajor)
        {
            incident.IsMajor = request.Major;
            if (!creating || request.Major)
                incident.Record(now, actor, request.Major ? "major-declared" : "major-withdrawn",
                    request.Major ? "Declared a major incident." : "No longer a major incident.");
        }
        return incident;
    }

    /// <summary>Sets the assignee (a user name) and team (a key; default: the assignee's team), recording a change in the timeline.</summary>
    private async Task<bool> AssignAsync(
        Incident incident, string? assignee, string? team, Validation validation, Actor actor, DateTime now, CancellationToken cancellationToken)
    {
        Access.UserAccount? user = null;
        if (!string.IsNullOrWhiteSpace(assignee))
        {
            var name = assignee.Trim();
            user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name, cancellationToken);
            if (user is null)
                validation.Add("assignee", $"No user is called '{name}'.");
            else if (user.Disabled)
                validation.Add("assignee", $"{name}'s account is disabled; assign someone else.");
        }
        Team? owner = null;
        if (!string.IsNullOrWhiteSpace(team))
        {
            var key = team.Trim();
            owner = await db.Teams.FirstOrDefaultAsync(t => t.Key == key, cancellationToken);
            if (owner is null)
                validation.Add("team", $"No team has the key '{key}'.");
        }
        else if (user?.TeamId is { } teamId)
            owner = await db.Teams.FirstOrDefaultAsync(t => t.Id == teamId, cancellationToken);
        if (!validation.IsValid || (incident.AssigneeId == user?.Id && incident.TeamId == owner?.Id))
            return false;
        (incident.Assignee, incident.AssigneeId) = (user, user?.Id);
        (incident.Team, incident.TeamId) = (owner, owner?.Id);
        incident.Record(now, actor, "assigned", (user, owner) switch
        {
            (null, null) => "Unassigned.",
            (null, { } only) => $"Assigned to team {only.Key}.",
            ({ } person, null) => $"Assigned to {person.UserName}.",
            ({ } person, { } both) => $"Assigned to {person.UserName} of team {both.Key}.",
        });
        return true;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
