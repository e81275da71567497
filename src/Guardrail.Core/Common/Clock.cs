namespace Guardrail.Core.Common;

public static class Clock
{
    /// <summary>
    /// Now, in UTC, at the microsecond precision both stores keep (PostgreSQL drops .NET's 100 ns ticks), so a
    /// value reads back exactly as it was written and hashes over it stay verifiable.
    /// </summary>
    public static DateTime UtcNow(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
