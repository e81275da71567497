using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Changes.Policy;

public static class PolicyWindows
{
    /// <summary>
    /// The occurrences of <paramref name="window"/> that overlap [<paramref name="fromUtc"/>, <paramref name="toUtc"/>),
    /// in UTC. A recurring window starts at each cron occurrence in its time zone (so its UTC start moves when the
    /// clocks change) and lasts its duration in elapsed time.
    /// </summary>
    public static IEnumerable<(DateTime StartUtc, DateTime EndUtc)> Occurrences(PolicyWindow window, DateTime fromUtc, DateTime toUtc)
    {
        fromUtc = DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc);
        toUtc = DateTime.SpecifyKind(toUtc, DateTimeKind.Utc);
        if (window.Schedule is { } schedule && window.Duration is { } duration)
        {
            return schedule.GetOccurrences(fromUtc - duration, toUtc, window.TimeZone, fromInclusive: false, toInclusive: false)
                .Select(start => (start, start + duration))
                .Where(o => o.Item2 > fromUtc)
                .ToList();
        }
        if (window.Start is { } start && window.End is { } end)
        {
            var startUtc = TimeZoneInfo.ConvertTimeToUtc(start, window.TimeZone);
            var endUtc = TimeZoneInfo.ConvertTimeToUtc(end, window.TimeZone);
            return startUtc < toUtc && fromUtc < endUtc ? [(startUtc, endUtc)] : [];
        }
        return [];
    }

    /// <summary>The windows whose <c>appliesTo</c> takes in changes to this service in this environment.</summary>
    public static IReadOnlyList<PolicyWindow> Applying(ChangePolicy policy, string serviceKey, string environmentKey, EnvironmentTier tier) =>
        policy.Windows.Where(w => w.AppliesTo.MatchesScope(serviceKey, environmentKey, tier)).ToList();

    /// <summary>A change planned for an instant still falls into the window around that instant.</summary>
    internal static DateTime AtLeastATick(DateTime startUtc, DateTime endUtc) => endUtc > startUtc ? endUtc : startUtc.AddTicks(1);
}
