namespace Guardrail.Core.Incidents;

/// <summary>
/// SLA arithmetic over a calendar with pauses: how much clock time ran between two instants, and when a target is
/// reached. Pure: the same inputs always give the same answer. Pauses are closed ranges (the caller ends an open one at
/// "now") and may overlap each other or fall outside the calendar's hours.
/// </summary>
public static class SlaClock
{
    public static TimeSpan Elapsed(SlaCalendar calendar, DateTime from, DateTime to, IReadOnlyList<TimeRange> pauses)
    {
        var elapsed = TimeSpan.Zero;
        foreach (var running in Running(calendar, from, pauses))
        {
            if (running.Start >= to)
                break;
            elapsed += (running.End < to ? running.End : to) - running.Start;
        }
        return elapsed;
    }

    /// <summary>The instant at which <paramref name="target"/> of clock time has run since <paramref name="from"/>.</summary>
    public static DateTime DueAt(SlaCalendar calendar, DateTime from, TimeSpan target, IReadOnlyList<TimeRange> pauses)
    {
        var remaining = target;
        foreach (var running in Running(calendar, from, pauses))
        {
            if (running.End == DateTime.MaxValue || running.Length >= remaining)
                return running.Start + remaining;
            remaining -= running.Length;
        }
        throw new InvalidOperationException("A calendar's open periods never end.");
    }

    /// <summary>The calendar's open periods from <paramref name="from"/>, minus the pauses.</summary>
    private static IEnumerable<TimeRange> Running(SlaCalendar calendar, DateTime from, IReadOnlyList<TimeRange> pauses)
    {
        var merged = Merge(pauses);
        foreach (var open in calendar.OpenFrom(from))
        {
            var start = open.Start;
            foreach (var pause in merged)
            {
                if (pause.End <= start || pause.Start >= open.End)
                    continue;
                if (pause.Start > start)
                    yield return new TimeRange(start, pause.Start);
                start = pause.End;
                if (start >= open.End)
                    break;
            }
            if (start < open.End)
                yield return new TimeRange(start, open.End);
        }
    }

    private static List<TimeRange> Merge(IReadOnlyList<TimeRange> pauses)
    {
        var merged = new List<TimeRange>();
        foreach (var pause in pauses.Where(p => p.End > p.Start).OrderBy(p => p.Start))
        {
            if (merged.Count > 0 && pause.Start <= merged[^1].End)
                merged[^1] = merged[^1] with { End = pause.End > merged[^1].End ? pause.End : merged[^1].End };
            else
                merged.Add(pause);
        }
        return merged;
    }
}
