namespace Guardrail.Core.Common;

/// <summary>Times from outside tools, stored as UTC at the microsecond precision both stores keep, plus the offset they were sent with.</summary>
public static class Timestamps
{
    public static DateTime Utc(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    public static DateTime? Utc(DateTimeOffset? time) => time is { } value ? Utc(value) : null;

    public static short OffsetMinutes(DateTimeOffset time) => (short)time.Offset.TotalMinutes;

    public static DateTimeOffset WithOffset(DateTime utc, short offsetMinutes) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
}
