using Guardrail.Core.Audit;
using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Problems;

/// <summary>
/// The cause, or potential cause, of one or more incidents (<c>PRB-n</c>): how it shows itself, what it affects, the
/// incidents it explains, its root cause, the workaround that restores service meanwhile and the fix (in words, or the
/// change record that carries it). Once analysed it is a known error, which responders find from their incidents. Owns
/// its state transitions.
/// </summary>
[AuditedAs("problem")]
public sealed class Problem : IVersioned
{
    public long Id { get; set; }

    public string Number => RecordNumber.Problem.Format(Id);

    public required string Title { get; set; }

    public string? Description { get; set; }

    /// <summary>How the problem shows itself (error messages, alerts, what users see); the known-error search reads it.</summary>
    public string? Symptoms { get; set; }

    public ProblemState State { get; set; }

    public string? RootCause { get; set; }

    public string? Workaround { get; set; }

    /// <summary>The fix in words; <see cref="FixChangeId"/> names the change record that carries it out, when there is one.</summary>
    public string? Fix { get; set; }

    public long? FixChangeId { get; set; }

    public ChangeRecord? FixChange { get; set; }

    /// <summary>When the problem first became a known error; kept if it later goes back to investigation.</summary>
    public DateTime? KnownErrorAt { get; set; }

    public DateTime? ResolvedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    public required string CreatedBy { get; set; }

    public long Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<ProblemService> Services { get; set; } = [];

    public List<ProblemIncident> Incidents { get; set; } = [];

    public List<ProblemEvent> Events { get; set; } = [];

    public bool IsKnownError => State == ProblemState.KnownError;

    /// <summary>Adds a line to the timeline; it is saved with the problem.</summary>
    public void Record(DateTime at, Actor actor, string kind, string message) =>
        Events.Add(new ProblemEvent { At = at, Actor = actor.Name, Kind = kind, Message = message });

    /// <summary>Moves the problem as <see cref="MoveTo"/> does and, when it moved, records the move on the timeline.</summary>
    public Result<ProblemState> Transition(ProblemState to, DateTime now, Actor actor, string? comment = null)
    {
        var moved = MoveTo(to, now);
        if (moved.Succeeded)
            Record(now, actor, "state-changed",
                $"{WireNames.Of(moved.Value)} → {WireNames.Of(to)}" + (string.IsNullOrWhiteSpace(comment) ? "" : $": {comment.Trim()}"));
        return moved;
    }

    /// <summary>Links an incident the problem explains, on its timeline too.</summary>
    public void LinkIncident(Incident incident, Actor actor, DateTime now)
    {
        Incidents.Add(new ProblemIncident { IncidentId = incident.Id, LinkedAt = now, LinkedBy = actor.Name });
        Record(now, actor, "incident-linked", $"Linked {incident.Number}: {incident.Title}.");
        UpdatedAt = now;
    }

    /// <summary>Takes back a link to an incident, on its timeline too.</summary>
    public void UnlinkIncident(ProblemIncident link, Actor actor, DateTime now)
    {
        Incidents.Remove(link);
        Record(now, actor, "incident-unlinked", $"Unlinked {RecordNumber.Incident.Format(link.IncidentId)}.");
        UpdatedAt = now;
    }

    /// <summary>
    /// Moves the problem to <paramref name="to"/> if the transition table allows it and the problem is ready: a known error
    /// has its root cause or a workaround on record, a resolved problem its fix.
    /// </summary>
    public Result<ProblemState> MoveTo(ProblemState to, DateTime now)
    {
        if (!ProblemTransitions.IsAllowed(State, to))
            return new Error("problem.invalid_transition",
                $"{Number} is {WireNames.Of(State)} and cannot move to {WireNames.Of(to)}; from {WireNames.Of(State)} it can move to: "
                + (ProblemTransitions.From(State) is { Count: > 0 } next ? string.Join(", ", next.Select(WireNames.Of)) : "nothing (it is final)") + ".",
                ErrorKind.Conflict);
        if (to == ProblemState.KnownError && string.IsNullOrWhiteSpace(RootCause) && string.IsNullOrWhiteSpace(Workaround))
            return new Error("problem.analysis_required",
                $"{Number} becomes a known error once it is analysed: record its root cause or a workaround first.", ErrorKind.Conflict);
        if (to == ProblemState.Resolved && string.IsNullOrWhiteSpace(Fix) && FixChangeId is null)
            return new Error("problem.fix_required",
                $"{Number} is resolved by a fix: describe it, or name the change record that carries it out, first.", ErrorKind.Conflict);
        var from = State;
        State = to;
        UpdatedAt = now;
        switch (to)
        {
            case ProblemState.KnownError:
                KnownErrorAt ??= now;
                break;
            case ProblemState.Resolved:
                ResolvedAt = now;
                break;
            case ProblemState.Closed:
                ClosedAt = now;
                break;
            case ProblemState.UnderInvestigation:
                ResolvedAt = null;
                break;
        }
        return from;
    }
}

/// <summary>A service of the catalogue the problem affects; the known-error search filters on it.</summary>
public sealed class ProblemService
{
    public long ProblemId { get; set; }

    public long ServiceId { get; set; }

    public Service? Service { get; set; }
}

/// <summary>An incident the problem explains. Links are many-to-many and each is in the audit trail and the problem's timeline.</summary>
[AuditedAs("problem-incident")]
public sealed class ProblemIncident
{
    public long Id { get; set; }

    public long ProblemId { get; set; }

    public long IncidentId { get; set; }

    public Incident? Incident { get; set; }

    public DateTime LinkedAt { get; set; }

    public required string LinkedBy { get; set; }
}

/// <summary>One line of a problem's timeline: logged, edited, a move, an incident linked or unlinked…</summary>
public sealed class ProblemEvent
{
    public long Id { get; set; }

    public long ProblemId { get; set; }

    public DateTime At { get; set; }

    public required string Actor { get; set; }

    /// <summary>A short stable name ("logged", "edited", "state-changed", "incident-linked", "incident-unlinked").</summary>
    public required string Kind { get; set; }

    public required string Message { get; set; }
}
