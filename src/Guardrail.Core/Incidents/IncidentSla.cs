using System.Globalization;
using Guardrail.Core.Common;

namespace Guardrail.Core.Incidents;

/// <summary>One SLA clock of an incident as of an instant: its state, when it is (or was) due, and whether it stands still.</summary>
public sealed record SlaStatus(SlaState State, DateTime? DueAt, TimeSpan Target, TimeSpan Elapsed, bool Paused);

/// <summary>
/// The response and resolution clocks of an incident. Both run from when it was opened, in the calendar of its priority's
/// target, and stand still while it is on hold or stood resolved before a reopen. The response clock stops when someone
/// acknowledges (or starts, holds or resolves) the incident, or when it resolves before anyone did; the resolution clock
/// stops when it resolves. A stopped clock is met if it stopped within its target, else breached.
/// </summary>
public static class IncidentSla
{
    public static readonly Actor Monitor = new("system:sla");

    public static SlaCalendar CalendarOf(IncidentSettings settings, SlaTarget target) => target.Calendar switch
    {
        SlaCalendarKind.BusinessHours => new BusinessHoursCalendar(settings.BusinessHours, settings.Holidays.Select(h => h.Date)),
        _ => SlaCalendar.AroundTheClock,
    };

    public static (SlaStatus Response, SlaStatus Resolution) Evaluate(Incident incident, IncidentSettings settings, DateTime now)
    {
        var target = settings.TargetOf(incident.Priority);
        var calendar = CalendarOf(settings, target);
        var pauses = incident.Pauses.Select(p => new TimeRange(p.StartedAt, p.EndedAt ?? now)).ToList();
        var resolved = incident.State is IncidentState.Resolved or IncidentState.Closed ? incident.ResolvedAt ?? incident.ClosedAt : null;
        var paused = incident.State == IncidentState.OnHold;
        return (
            Clock(calendar, incident.OpenedAt, target.Response, incident.AcknowledgedAt ?? resolved, pauses, paused, settings.WarningShare, now),
            Clock(calendar, incident.OpenedAt, target.Resolution, resolved, pauses, paused, settings.WarningShare, now));
    }

    /// <summary>The worse of the two clocks, for lists and filters: breached, then warning, then within, then met.</summary>
    public static SlaState Worst(SlaState response, SlaState resolution) =>
        new[] { SlaState.Breached, SlaState.Warning, SlaState.Within }.FirstOrDefault(s => response == s || resolution == s, SlaState.Met);

    /// <summary>
    /// Brings the incident's stored SLA columns up to date as of <paramref name="now"/>, and writes a timeline line the
    /// first time each clock passes its warning share and the first time it breaches. Returns whether anything changed.
    /// </summary>
    public static bool Refresh(Incident incident, IncidentSettings settings, DateTime now)
    {
        var (response, resolution) = Evaluate(incident, settings, now);
        var before = (incident.ResponseSla, incident.ResponseDueAt, incident.ResolutionSla, incident.ResolutionDueAt, incident.Events.Count);
        (incident.ResponseSla, incident.ResponseDueAt) = (response.State, response.DueAt);
        (incident.ResolutionSla, incident.ResolutionDueAt) = (resolution.State, resolution.DueAt);
        (incident.ResponseWarnedAt, incident.ResponseBreachedAt) =
            Flag(incident, "Response", response, incident.ResponseWarnedAt, incident.ResponseBreachedAt, settings, now);
        (incident.ResolutionWarnedAt, incident.ResolutionBreachedAt) =
            Flag(incident, "Resolution", resolution, incident.ResolutionWarnedAt, incident.ResolutionBreachedAt, settings, now);
        return before != (incident.ResponseSla, incident.ResponseDueAt, incident.ResolutionSla, incident.ResolutionDueAt, incident.Events.Count);
    }

    public static string Duration(TimeSpan span)
    {
        var parts = new List<string>();
        if (span.Days > 0)
            parts.Add($"{span.Days} d");
        if (span.Hours > 0)
            parts.Add($"{span.Hours} h");
        if (span.Minutes > 0 || parts.Count == 0)
            parts.Add($"{span.Minutes} min");
        return string.Join(" ", parts);
    }

    private static (DateTime? Warned, DateTime? Breached) Flag(
        Incident incident, string clock, SlaStatus status, DateTime? warnedAt, DateTime? breachedAt, IncidentSettings settings, DateTime now)
    {
        if (status.State == SlaState.Warning && warnedAt is null)
        {
            warnedAt = now;
            incident.Record(now, Monitor, "sla-warning",
                $"{clock} SLA warning: {Share(settings.WarningShare)} of the {Duration(status.Target)} target is used; due at {Utc(status.DueAt)}.");
        }
        if (status.State == SlaState.Breached && breachedAt is null)
        {
            breachedAt = status.DueAt is { } due && due < now ? due : now;
            incident.Record(now, Monitor, "sla-breached",
                $"{clock} SLA breached: the {Duration(status.Target)} target was due at {Utc(status.DueAt)}.");
        }
        return (warnedAt, breachedAt);
    }

    private static SlaStatus Clock(
        SlaCalendar calendar, DateTime openedAt, TimeSpan target, DateTime? stoppedAt, List<TimeRange> pauses, bool paused, double warningShare, DateTime now)
    {
        var elapsed = SlaClock.Elapsed(calendar, openedAt, stoppedAt ?? now, pauses);
        var running = stoppedAt is null;
        DateTime? due = running && paused ? null : SlaClock.DueAt(calendar, openedAt, target, pauses);
        var state = !running ? (elapsed <= target ? SlaState.Met : SlaState.Breached)
            : elapsed >= target ? SlaState.Breached
            : elapsed >= target * warningShare ? SlaState.Warning
            : SlaState.Within;
        return new SlaStatus(state, due, target, elapsed, running && paused);
    }

    private static string Share(double share) => share.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);

    private static string Utc(DateTime? time) => time?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "(paused)";
}
