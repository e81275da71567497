using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Tests.Changes.Policy;

public class PolicyWindowsTests
{
    private static readonly ChangePolicy _full = ChangePolicyDocument.Parse(PolicyDocuments.Full).Policy!;

    private static PolicyWindow Maintenance => _full.Windows.Single(w => w.Name == "weekend-maintenance");

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void A_recurring_window_keeps_its_local_time_across_the_spring_clock_change()
    {
        // Berlin moves from CET (UTC+1) to CEST (UTC+2) on Sunday 29 March 2026: 02:00 local on Saturday 28 March
        // is 01:00 UTC, on Saturday 4 April it is 00:00 UTC.
        var occurrences = PolicyWindows.Occurrences(Maintenance, Utc(3, 25, 0), Utc(4, 6, 0)).ToList();

        Assert.Equal([(Utc(3, 28, 1), Utc(3, 28, 5)), (Utc(4, 4, 0), Utc(4, 4, 4))], occurrences);
    }

    [Fact]
    public void A_recurring_window_keeps_its_local_time_across_the_autumn_clock_change()
    {
        // Back to CET on Sunday 25 October 2026.
        var occurrences = PolicyWindows.Occurrences(Maintenance, Utc(10, 21, 0), Utc(11, 2, 0)).ToList();

        Assert.Equal([(Utc(10, 24, 0), Utc(10, 24, 4)), (Utc(10, 31, 1), Utc(10, 31, 5))], occurrences);
    }

    [Fact]
    public void Occurrences_that_started_before_the_range_but_overlap_it_are_included()
    {
        Assert.Equal([(Utc(4, 4, 0), Utc(4, 4, 4))], PolicyWindows.Occurrences(Maintenance, Utc(4, 4, 3), Utc(4, 4, 5)));
        Assert.Empty(PolicyWindows.Occurrences(Maintenance, Utc(4, 4, 4), Utc(4, 4, 5)));
    }

    [Fact]
    public void A_one_off_window_converts_its_local_times_with_its_time_zone()
    {
        var policy = ChangePolicyDocument.Parse(PolicyDocuments.WithSpec("""
              windows:
                - { name: summer, kind: freeze, timeZone: Europe/London, start: 2026-07-01T09:00, end: 2026-07-01T17:00 }
            """)).Policy!;

        Assert.Equal([(Utc(7, 1, 8), Utc(7, 1, 16))], PolicyWindows.Occurrences(policy.Windows[0], Utc(6, 1, 0), Utc(8, 1, 0)));
        Assert.Empty(PolicyWindows.Occurrences(policy.Windows[0], Utc(7, 1, 16), Utc(8, 1, 0)));
    }

    [Fact]
    public void Applying_filters_windows_by_service_environment_and_tier()
    {
        Assert.Equal(["year-end-freeze", "data-centre-move", "weekend-maintenance"],
            PolicyWindows.Applying(_full, "payments-api", "prod-eu", EnvironmentTier.Production).Select(w => w.Name));
        Assert.Equal(["year-end-freeze"], PolicyWindows.Applying(_full, "docs-site", "prod-us", EnvironmentTier.Production).Select(w => w.Name));
        Assert.Empty(PolicyWindows.Applying(_full, "payments-api", "stage-eu", EnvironmentTier.Staging));
    }

    [Theory]
    [InlineData(4, 4, 1, 2, 0.0, "inside maintenance window 'weekend-maintenance'")]
    [InlineData(3, 28, 0, 2, 1.0, "outside maintenance windows")]
    [InlineData(3, 28, 4, 6, 1.0, "outside maintenance windows")]
    [InlineData(6, 10, 9, 10, 1.0, "outside maintenance windows")]
    public void Timing_is_inside_only_when_the_whole_change_fits_in_an_occurrence(int month, int day, int fromHour, int toHour, double value, string reason)
    {
        var inputs = new RiskInputs("payments-api", "prod-eu", EnvironmentTier.Production, Criticality.Tier1, ChangeType.Normal, "deployment",
            0, 0, 1, 1, 1, 10, 0, new Dictionary<string, string>(), Utc(month, day, fromHour), Utc(month, day, toHour), null);

        var decision = PolicyEvaluator.Evaluate(_full, inputs);

        var timing = decision.Factors.Single(f => f.Name == "timing");
        Assert.Equal((value, value * 10, reason), (timing.Value, timing.Points, timing.Reason));
        Assert.Equal(month == 6 ? 0 : 1, decision.Windows.Count(w => w.Kind == WindowKind.Maintenance));
    }
}
