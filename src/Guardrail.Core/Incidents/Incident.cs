using Guardrail.Core.Access;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Incidents;

/// <summary>
/// An unplanned interruption or degradation of a service (<c>INC-n</c>): what is affected and how badly, who has it, where
/// it is in its life, its SLA clocks and a timeline of every update. Declared by a person or opened from alerts. Owns its
/// state transitions.
/// </summary>
[AuditedAs("incident")]
public sealed class Incident : IVersioned
{
    public long Id { get; set; }

    public string Number => RecordNumber.Incident.Format(Id);

    public required string Title { get; set; }

    public string? Description { get; set; }

    public IncidentImpact Impact { get; set; }

    public IncidentUrgency Urgency { get; set; }

    public IncidentPriority Priority { get; set; }

    public PrioritySource PrioritySource { get; set; }

    public IncidentState State { get; set; }

    public bool IsMajor { get; set; }

    public long? AssigneeId { get; set; }

    public UserAccount? Assignee { get; set; }

    public long? TeamId { get; set; }

    public Team? Team { get; set; }

    /// <summary>Who reported it: a user name, a person's name, or the tool whose alert opened it.</summary>
    public required string ReporterName { get; set; }

    /// <summary>Where the satisfaction survey goes once the incident is resolved.</summary>
    public string? ReporterEmail { get; set; }

    /// <summary>
    /// The de-duplication key of the alerts behind it (<c>alertmanager:&lt;fingerprint&gt;</c>, <c>pagerduty:&lt;incident id&gt;</c>,
    /// <c>cdevents:&lt;incident id&gt;</c>); null for an incident declared by hand.
    /// </summary>
    public string? AlertKey { get; set; }

    /// <summary>When the impact began, which may be before the incident was opened; MTRS counts from here.</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>When the incident was logged; the SLA clocks run from here.</summary>
    public DateTime OpenedAt { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    /// <summary>When the service was restored; cleared when the incident is reopened.</summary>
    public DateTime? ResolvedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    public string? ResolutionNotes { get; set; }

    public DateTime? ResponseDueAt { get; set; }

    public SlaState ResponseSla { get; set; }

    public DateTime? ResponseWarnedAt { get; set; }

    public DateTime? ResponseBreachedAt { get; set; }

    public DateTime? ResolutionDueAt { get; set; }

    public SlaState ResolutionSla { get; set; }

    public DateTime? ResolutionWarnedAt { get; set; }

    public DateTime? ResolutionBreachedAt { get; set; }

    public long Version { get; set; } = 1;

    public DateTime UpdatedAt { get; set; }

    public List<IncidentService> Services { get; set; } = [];

    public List<IncidentCi> Cis { get; set; } = [];

    public List<IncidentPause> Pauses { get; set; } = [];

    public List<IncidentEvent> Events { get; set; } = [];

    public bool IsOpen => IncidentTransitions.IsOpen(State);

    /// <summary>Adds a line to the timeline; it is saved with the incident.</summary>
    public void Record(DateTime at, Actor actor, string kind, string message) =>
        Events.Add(new IncidentEvent { At = at, Actor = actor.Name, Kind = kind, Message = message });

    /// <summary>
    /// Applies <paramref name="action"/> at <paramref name="at"/> if the transition table allows it, keeping the
    /// timestamps and the SLA pauses: on hold pauses the clocks until it resumes or resolves, and a reopened incident does
    /// not count the time it stood resolved. Returns the state it left.
    /// </summary>
    public Result<IncidentState> Apply(IncidentAction action, DateTime at)
    {
        if (IncidentTransitions.Target(State, action) is not { } to)
            return new Error("incident.invalid_transition",
                $"{Number} is {WireNames.Of(State)} and cannot {WireNames.Of(action)}; from {WireNames.Of(State)} it can {IncidentTransitions.Describe(IncidentTransitions.From(State))}.",
                ErrorKind.Conflict);
        var from = State;
        switch (action)
        {
            case IncidentAction.Acknowledge or IncidentAction.Start:
                AcknowledgedAt ??= at;
                break;
            case IncidentAction.Hold:
                Pauses.Add(new IncidentPause { StartedAt = at });
                break;
            case IncidentAction.Resume:
                EndPause(at);
                break;
            case IncidentAction.Resolve:
                EndPause(at);
                ResolvedAt = at;
                break;
            case IncidentAction.Close:
                ClosedAt = at;
                break;
            case IncidentAction.Reopen:
                Pauses.Add(new IncidentPause { StartedAt = ResolvedAt ?? at, EndedAt = at });
                ResolvedAt = null;
                break;
        }
        State = to;
        UpdatedAt = at;
        return from;
    }

    private void EndPause(DateTime at)
    {
        foreach (var pause in Pauses.Where(p => p.EndedAt is null))
            pause.EndedAt = at;
    }
}

/// <summary>Where an SLA clock stands: within its target, past the warning share of it, breached, or stopped in time (met).</summary>
public enum SlaState
{
    Within,
    Warning,
    Breached,
    Met,
}

/// <summary>A service of the catalogue the incident affects.</summary>
public sealed class IncidentService
{
    public long IncidentId { get; set; }

    public long ServiceId { get; set; }

    public Service? Service { get; set; }
}

/// <summary>A configuration item of the CMDB the incident affects.</summary>
public sealed class IncidentCi
{
    public long IncidentId { get; set; }

    public long CiId { get; set; }

    public Cmdb.ConfigurationItem? Ci { get; set; }
}

/// <summary>A period in which the SLA clocks stood still: on hold, or resolved before a reopen.</summary>
public sealed class IncidentPause
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? EndedAt { get; set; }
}

/// <summary>One line of an incident's timeline: opened, acknowledged, a comment, an alert, an SLA warning…</summary>
public sealed class IncidentEvent
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public DateTime At { get; set; }

    public required string Actor { get; set; }

    /// <summary>A short stable name ("opened", "acknowledged", "comment", "alert-firing", "sla-breached"…).</summary>
    public required string Kind { get; set; }

    public required string Message { get; set; }
}
