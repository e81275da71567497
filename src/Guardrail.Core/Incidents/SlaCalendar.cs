namespace Guardrail.Core.Incidents;

/// <summary>A stretch of time in UTC, from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive).</summary>
public readonly record struct TimeRange(DateTime Start, DateTime End)
{
    public TimeSpan Length => End - Start;
}

/// <summary>The hours in which an SLA clock runs.</summary>
public abstract class SlaCalendar
{
    public static readonly SlaCalendar AroundTheClock = new AlwaysOpen();

    /// <summary>
    /// The periods in which the clock runs, in UTC and in order, from <paramref name="from"/> on: the first one starts at
    /// <paramref name="from"/> if it falls inside a period. The sequence does not end.
    /// </summary>
    public abstract IEnumerable<TimeRange> OpenFrom(DateTime from);

    private sealed class AlwaysOpen : SlaCalendar
    {
        public override IEnumerable<TimeRange> OpenFrom(DateTime from)
        {
            yield return new TimeRange(from, DateTime.MaxValue);
        }
    }
}

/// <summary>
/// Working days from <see cref="Incidents.BusinessHours.Start"/> to <see cref="Incidents.BusinessHours.End"/> in the
/// business hours' time zone, holidays excepted. Days are local days, so a day of a daylight saving change is an hour
/// shorter or longer in UTC; a start or end that falls into the hour skipped in spring is the moment the clocks jump.
/// </summary>
public sealed class BusinessHoursCalendar : SlaCalendar
{
    private readonly TimeZoneInfo _zone;
    private readonly HashSet<DayOfWeek> _workingDays;
    private readonly HashSet<DateOnly> _holidays;
    private readonly TimeOnly _start;
    private readonly TimeOnly _end;

    /// <summary>The hours must hold at least one working day and start before they end (settings are validated so).</summary>
    public BusinessHoursCalendar(BusinessHours hours, IEnumerable<DateOnly> holidays)
    {
        if (hours.WorkingDays.Count == 0 || hours.Start >= hours.End)
            throw new ArgumentException("Business hours need a working day and a start before their end.", nameof(hours));
        _zone = TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZone);
        _workingDays = [.. hours.WorkingDays];
        _holidays = [.. holidays];
        _start = hours.Start;
        _end = hours.End;
    }

    public override IEnumerable<TimeRange> OpenFrom(DateTime from)
    {
        // The local day before may still be open at 'from' in UTC terms only if business hours crossed midnight, which they
        // cannot (start < end), so the local day of 'from' is the first candidate.
        for (var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(from, _zone)); ; day = day.AddDays(1))
        {
            if (!_workingDays.Contains(day.DayOfWeek) || _holidays.Contains(day))
                continue;
            var start = ToUtc(day, _start);
            var end = ToUtc(day, _end);
            if (end <= from)
                continue;
            yield return new TimeRange(start < from ? from : start, end);
        }
    }

    private DateTime ToUtc(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        while (_zone.IsInvalidTime(local))
            local = local.AddMinutes(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, _zone);
    }
}
