using System.Globalization;
using System.Text.RegularExpressions;
using Guardrail.Core.Common;

namespace Guardrail.Core.Measurement;

/// <summary>How trends are bucketed.</summary>
public enum TrendPeriod
{
    Week,
    Month,
}

/// <summary>A half-open period [<see cref="From"/>, <see cref="To"/>) in UTC.</summary>
public readonly partial record struct MetricsWindow(DateTime From, DateTime To)
{
    public const int DefaultDays = 90;

    public double Days => (To - From).TotalDays;

    public bool Contains(DateTime at) => at >= From && at < To;

    /// <summary>
    /// Reads a window as people write it: a trailing span (<c>90d</c>, <c>12w</c>), an ISO week (<c>2026-W47</c>) or a
    /// calendar month (<c>2026-11</c>) in the organisation's time zone, or explicit <paramref name="from"/>/<paramref name="to"/>
    /// dates. Nothing given means the trailing 90 days.
    /// </summary>
    public static Result<MetricsWindow> Parse(string? window, DateTimeOffset? from, DateTimeOffset? to, TimeZoneInfo zone, DateTime now)
    {
        if (window is not null && (from is not null || to is not null))
            return Error.Invalid("window", "Give either 'window' or 'from'/'to', not both.");
        if (from is not null || to is not null)
        {
            var end = to?.UtcDateTime ?? now;
            var start = from?.UtcDateTime ?? end.AddDays(-DefaultDays);
            return start < end ? new MetricsWindow(start, end) : Error.Invalid("from", "'from' must be before 'to'.");
        }
        if (string.IsNullOrWhiteSpace(window))
            return new MetricsWindow(now.AddDays(-DefaultDays), now);
        window = window.Trim();
        if (Trailing().Match(window) is { Success: true } trailing)
        {
            var count = int.Parse(trailing.Groups[1].Value, CultureInfo.InvariantCulture);
            var days = trailing.Groups[2].Value.ToLowerInvariant() == "w" ? count * 7 : count;
            return days is >= 1 and <= 3660
                ? new MetricsWindow(now.AddDays(-days), now)
                : Error.Invalid("window", "A trailing window is from 1 day to 10 years long, for example '90d' or '12w'.");
        }
        if (IsoWeek().Match(window) is { Success: true } week)
        {
            var year = int.Parse(week.Groups[1].Value, CultureInfo.InvariantCulture);
            var number = int.Parse(week.Groups[2].Value, CultureInfo.InvariantCulture);
            if (number < 1 || number > ISOWeek.GetWeeksInYear(year))
                return Error.Invalid("window", $"{year} has no ISO week {number}.");
            var monday = ISOWeek.ToDateTime(year, number, DayOfWeek.Monday);
            return Local(monday, monday.AddDays(7), zone);
        }
        if (Month().Match(window) is { Success: true } month)
        {
            var first = new DateTime(int.Parse(month.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture), 1);
            return Local(first, first.AddMonths(1), zone);
        }
        return Error.Invalid("window", $"'{window}' is not a window: write a trailing span ('90d', '12w'), an ISO week ('2026-W47') or a month ('2026-11').");
    }

    private static MetricsWindow Local(DateTime start, DateTime end, TimeZoneInfo zone) =>
        new(Buckets.ToUtc(start, zone), Buckets.ToUtc(end, zone));

    [GeneratedRegex(@"^(\d{1,4})([dDwW])$", RegexOptions.CultureInvariant)]
    private static partial Regex Trailing();

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWeek();

    [GeneratedRegex(@"^(\d{4})-(0[1-9]|1[0-2])$", RegexOptions.CultureInvariant)]
    private static partial Regex Month();
}

/// <summary>Days, ISO weeks and months in the organisation's time zone.</summary>
public static class Buckets
{
    public static DateOnly Day(DateTime utc, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone));

    public static DateOnly Start(DateOnly day, TrendPeriod period) => period switch
    {
        TrendPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => new DateOnly(day.Year, day.Month, 1),
    };

    public static DateOnly Next(DateOnly start, TrendPeriod period) => period == TrendPeriod.Week ? start.AddDays(7) : start.AddMonths(1);

    /// <summary>Local midnight of <paramref name="local"/> as UTC; a midnight skipped by a clock change is the first instant after it.</summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(15);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    public static DateTime ToUtc(DateOnly day, TimeZoneInfo zone) => ToUtc(day.ToDateTime(TimeOnly.MinValue), zone);
}
