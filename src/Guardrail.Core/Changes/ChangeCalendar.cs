using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Changes;

public enum CalendarEntryKind
{
    Change,
    Freeze,
    Blackout,
    Maintenance,
}

public sealed record CalendarEntry(CalendarEntryKind Kind, string Title, DateTime Start, DateTime End, ChangeRecord? Change);

/// <summary>Two open changes whose planned windows overlap on the same CIs or on CIs that depend on each other.</summary>
public sealed record ChangeConflict(ChangeRecord Change, ChangeRecord Other, string Reason, DateTime OverlapStart, DateTime OverlapEnd);

/// <summary>The change calendar: scheduled changes and the policy's windows over a period, and the conflicts among them.</summary>
public sealed class ChangeCalendar(GuardrailDb db, ActivePolicy policies, BlastRadius blastRadius)
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(92);

    public async Task<Result<(IReadOnlyList<CalendarEntry> Entries, IReadOnlyList<ChangeConflict> Conflicts)>> GetAsync(
        DateTime from, DateTime to, string? service, string? environment, CancellationToken cancellationToken)
    {
        if (to <= from)
            return Error.Invalid("to", "'to' must be after 'from'.");
        if (to - from > MaxRange)
            return Error.Invalid("to", $"The calendar shows at most {MaxRange.TotalDays:0} days at a time.");
        var changes = await PlannedAsync(from, to, cancellationToken);
        if (service is not null)
            changes = [.. changes.Where(c => c.Service!.Key == service)];
        if (environment is not null)
            changes = [.. changes.Where(c => c.Environment!.Key == environment)];
        var entries = changes.Select(c => new CalendarEntry(CalendarEntryKind.Change, $"{c.Number} {c.Title}", c.PlannedStart!.Value, c.PlannedEnd ?? c.PlannedStart.Value, c)).ToList();
        var policy = (await policies.GetAsync(cancellationToken)).Policy;
        foreach (var window in policy.Windows)
        {
            foreach (var (start, end) in PolicyWindows.Occurrences(window, from, to))
                entries.Add(new CalendarEntry(KindOf(window.Kind), window.Name, start, end, null));
        }
        return (entries.OrderBy(e => e.Start).ToList(), await ConflictsAmongAsync(changes, cancellationToken));
    }

    /// <summary>The open changes whose planned windows overlap this change's on related CIs.</summary>
    public async Task<IReadOnlyList<ChangeConflict>> ConflictsOfAsync(ChangeRecord change, CancellationToken cancellationToken)
    {
        if (change.PlannedStart is not { } start || !change.IsOpen)
            return [];
        var end = change.PlannedEnd ?? start;
        var others = await PlannedAsync(start, end, cancellationToken);
        var conflicts = new List<ChangeConflict>();
        foreach (var other in others.Where(o => o.Id != change.Id))
        {
            if (await ConflictAsync(change, other, cancellationToken) is { } conflict)
                conflicts.Add(conflict);
        }
        return conflicts;
    }

    private async Task<List<ChangeRecord>> PlannedAsync(DateTime from, DateTime to, CancellationToken cancellationToken) =>
        await db.Changes.AsNoTracking().Include(c => c.Service).Include(c => c.Environment).Include(c => c.Cis)
            .Where(c => c.PlannedStart != null && c.PlannedStart <= to && (c.PlannedEnd ?? c.PlannedStart) >= from
                && c.State != ChangeState.Closed && c.State != ChangeState.Rejected && c.State != ChangeState.Cancelled && c.State != ChangeState.Review)
            .OrderBy(c => c.PlannedStart).Take(5_000).AsSplitQuery().ToListAsync(cancellationToken);

    private async Task<IReadOnlyList<ChangeConflict>> ConflictsAmongAsync(List<ChangeRecord> changes, CancellationToken cancellationToken)
    {
        var conflicts = new List<ChangeConflict>();
        for (var i = 0; i < changes.Count; i++)
        {
            for (var j = i + 1; j < changes.Count && changes[j].PlannedStart <= (changes[i].PlannedEnd ?? changes[i].PlannedStart); j++)
            {
                if (await ConflictAsync(changes[i], changes[j], cancellationToken) is { } conflict)
                    conflicts.Add(conflict);
            }
        }
        return conflicts;
    }

    private async Task<ChangeConflict?> ConflictAsync(ChangeRecord a, ChangeRecord b, CancellationToken cancellationToken)
    {
        var overlapStart = Max(a.PlannedStart!.Value, b.PlannedStart!.Value);
        var overlapEnd = Min(a.PlannedEnd ?? a.PlannedStart.Value, b.PlannedEnd ?? b.PlannedStart.Value);
        if (overlapStart > overlapEnd || a.EnvironmentId != b.EnvironmentId)
            return null;
        var aCis = a.Cis.Select(c => c.CiId).ToList();
        var bCis = b.Cis.Select(c => c.CiId).ToList();
        string? reason = null;
        if (a.ServiceId == b.ServiceId)
            reason = $"Both change {a.Service?.Key ?? "the same service"}.";
        else if (aCis.Intersect(bCis).Any())
            reason = "Both touch the same configuration item.";
        else if (await blastRadius.RelatedAsync(a.ServiceId, aCis, b.ServiceId, bCis, cancellationToken))
            reason = $"{a.Service?.Key} and {b.Service?.Key} depend on each other in the CMDB.";
        return reason is null ? null : new ChangeConflict(a, b, reason, overlapStart, overlapEnd);
    }

    private static CalendarEntryKind KindOf(WindowKind kind) => kind switch
    {
        WindowKind.Freeze => CalendarEntryKind.Freeze,
        WindowKind.Blackout => CalendarEntryKind.Blackout,
        _ => CalendarEntryKind.Maintenance,
    };

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
