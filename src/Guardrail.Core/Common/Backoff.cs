namespace Guardrail.Core.Common;

/// <summary>Exponential backoff with full jitter: retries of many failed messages spread out instead of arriving together.</summary>
public static class Backoff
{
    public static TimeSpan After(int attempts, TimeSpan first, TimeSpan max)
    {
        var ceiling = Math.Min(max.TotalMilliseconds, first.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempts - 1)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
