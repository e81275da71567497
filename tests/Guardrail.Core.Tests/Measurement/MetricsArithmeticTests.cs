using Guardrail.Core.Measurement;

namespace Guardrail.Core.Tests.Measurement;

public sealed class MetricsArithmeticTests
{
    private static readonly DateTime s_now = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TimeZoneInfo s_berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData(new[] { 4.0 }, 4.0, 4.0)]
    [InlineData(new[] { 1.0, 2.0 }, 1.5, 1.9)]
    [InlineData(new[] { 10.0, 1.0, 3.0, 2.0, 4.0 }, 3.0, 7.6)]
    public void Percentiles_interpolate_between_ranks_as_percentile_cont_does(double[] values, double median, double p90)
    {
        var distribution = Distribution.Of(values);
        Assert.Equal(median, distribution.Median!.Value, 9);
        Assert.Equal(p90, distribution.P90!.Value, 9);
    }

    [Theory]
    [InlineData(23.9, Band.Elite)]
    [InlineData(24, Band.High)]
    [InlineData(167.9, Band.High)]
    [InlineData(168, Band.Medium)]
    [InlineData(720, Band.Low)]
    public void Dora_2023_lead_time_bands(double hours, Band band) =>
        Assert.Equal(band, BandSets.Find("dora-2023")!.LeadTime!.Of(TimeSpan.FromHours(hours)));

    [Theory]
    [InlineData(0.05, Band.Elite)]
    [InlineData(0.0501, Band.High)]
    [InlineData(0.10, Band.High)]
    [InlineData(0.15, Band.Medium)]
    [InlineData(0.1501, Band.Low)]
    public void Dora_2023_change_fail_rate_bands(double rate, Band band) =>
        Assert.Equal(band, BandSets.Find("dora-2023")!.ChangeFailRate!.Of(rate));

    [Theory]
    [InlineData(0.1, 5, 22, Band.Elite)]
    [InlineData(0.1, 4.5, 20, Band.High)]
    [InlineData(0.1, 0.5, 2, Band.Medium)]
    [InlineData(0.01, 0, 0.5, Band.Low)]
    public void Dora_2023_frequency_bands_on_deployment_days(double perDay, double daysPerWeek, double daysPerMonth, Band band) =>
        Assert.Equal(band, BandSets.Find("dora-2023")!.Frequency!.Of(new DeploymentCadence(perDay, daysPerWeek, daysPerMonth)));

    [Fact]
    public void The_2024_clusters_band_nothing()
    {
        var clusters = BandSets.Find("dora-2024-clusters")!;
        Assert.True(clusters.DisplayOnly);
        Assert.Null(clusters.LeadTime);
        Assert.Equal(4, clusters.Profiles.Count);
    }

    [Fact]
    public void Windows_are_read_as_people_write_them()
    {
        Assert.Equal(new MetricsWindow(s_now.AddDays(-90), s_now), MetricsWindow.Parse(null, null, null, s_berlin, s_now).Value);
        Assert.Equal(new MetricsWindow(s_now.AddDays(-84), s_now), MetricsWindow.Parse("12w", null, null, s_berlin, s_now).Value);
        // ISO week 48 of 2026 starts on Monday 23 November, midnight in Berlin (23:00 UTC the day before).
        Assert.Equal(new MetricsWindow(new DateTime(2026, 11, 22, 23, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 29, 23, 0, 0, DateTimeKind.Utc)),
            MetricsWindow.Parse("2026-W48", null, null, s_berlin, s_now).Value);
        // March 2026 in Berlin: the clocks go forward on the 29th, so the month is 31 days less an hour.
        var march = MetricsWindow.Parse("2026-03", null, null, s_berlin, s_now).Value;
        Assert.Equal((new DateTime(2026, 2, 28, 23, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 31, 22, 0, 0, DateTimeKind.Utc)), (march.From, march.To));
    }

    [Theory]
    [InlineData("90x")]
    [InlineData("0d")]
    [InlineData("2026-W54")]
    [InlineData("2026-13")]
    [InlineData("last quarter")]
    public void Unreadable_windows_are_refused_with_the_field_named(string window)
    {
        var parsed = MetricsWindow.Parse(window, null, null, s_berlin, s_now);
        Assert.False(parsed.Succeeded);
        Assert.Contains("window", parsed.Error!.Fields!.Keys);
    }

    [Fact]
    public void From_must_come_before_to()
    {
        var parsed = MetricsWindow.Parse(null, new DateTimeOffset(s_now), new DateTimeOffset(s_now.AddDays(-1)), s_berlin, s_now);
        Assert.False(parsed.Succeeded);
    }

    [Fact]
    public void Trend_periods_are_the_last_twelve_iso_weeks_in_the_organisation_s_time_zone()
    {
        var periods = MetricsEngine.Periods(new MetricsWindow(s_now.AddDays(-90), s_now), s_berlin, TrendPeriod.Week);
        Assert.Equal(12, periods.Count);
        Assert.Equal(new DateOnly(2026, 11, 23), periods[^1].Start);
        Assert.Equal(new DateOnly(2026, 9, 7), periods[0].Start);
        Assert.All(periods, p => Assert.Equal(DayOfWeek.Monday, p.Start.DayOfWeek));
        // The week of the change back to winter time (25 October) is an hour longer.
        Assert.Contains(periods, p => p.Window.To - p.Window.From == TimeSpan.FromHours(7 * 24 + 1));
    }
}
