using Guardrail.Core.Measurement;
using Guardrail.Server.Pages.Dashboards;

namespace Guardrail.Server.Tests.UI;

public sealed class MetricDisplayTests
{
    [Theory]
    [InlineData(0.25, "15 min")]
    [InlineData(3.4, "3.4 h")]
    [InlineData(23.9, "23.9 h")]
    [InlineData(24, "1.0 d")]
    [InlineData(50.4, "2.1 d")]
    public void Durations_read_in_minutes_hours_or_days(double hours, string shown) => Assert.Equal(shown, MetricDisplay.Duration(hours));

    [Theory]
    [InlineData(8.8, "8.8 per day")]
    [InlineData(1, "1.0 per day")]
    [InlineData(2.0 / 7, "2.0 per week")]
    [InlineData(0, "0.0 per week")]
    public void Frequency_reads_per_week_below_one_a_day(double perDay, string shown) => Assert.Equal(shown, MetricDisplay.Frequency(perDay));

    [Fact]
    public void Rates_read_as_percentages_and_no_value_says_so()
    {
        Assert.Equal("3.5%", MetricDisplay.Value(MetricUnit.Ratio, 28.0 / 791));
        Assert.Equal("4.3 of 5", MetricDisplay.Value(MetricUnit.Rating, 4.25));
        Assert.Equal("no data", MetricDisplay.Value(MetricUnit.Hours, null));
    }

    [Theory]
    [InlineData(Metrics.LeadTime, MetricUnit.Hours, 30, 6, "▼", "−1.0 d", "better")]
    [InlineData(Metrics.ChangeFailRate, MetricUnit.Ratio, 0.05, 0.08, "▲", "+3.0 pp", "worse")]
    [InlineData(Metrics.ReworkRate, MetricUnit.Ratio, 0.2, 0.1, "▼", "−10.0 pp", "better")]
    [InlineData(Metrics.DeploymentFrequency, MetricUnit.PerDay, 2, 1.5, "▼", "−3.5 per week", "worse")]
    [InlineData(Metrics.ChangeSuccessRate, MetricUnit.Ratio, 0.9, 0.95, "▲", "+5.0 pp", "better")]
    [InlineData(Metrics.Satisfaction, MetricUnit.Rating, 4, 4, "=", "±0.0", "unchanged")]
    public void A_change_is_better_when_it_moves_the_way_the_metric_improves(string metric, MetricUnit unit, double before, double after, string arrow, string delta, string verdict)
    {
        var change = MetricDisplay.Change(Figure(metric, unit, before), Figure(metric, unit, after));

        Assert.Equal(new FigureChange(arrow, delta, verdict), change);
    }

    [Fact]
    public void No_change_is_shown_when_a_period_has_no_value() =>
        Assert.Null(MetricDisplay.Change(Figure(Metrics.LeadTime, MetricUnit.Hours, null), Figure(Metrics.LeadTime, MetricUnit.Hours, 4)));

    [Fact]
    public void Inputs_read_as_counts_of_what_the_figure_rests_on()
    {
        var figure = new MetricFigure(Metrics.ChangeFailRate, "Change fail rate", MetricUnit.Ratio, 28.0 / 791, null, Band.Medium,
            new Dictionary<string, long> { ["deployments"] = 791, ["failed"] = 28 }, [], []);

        Assert.Equal("28 of 791 deployments", MetricDisplay.Inputs(figure));
    }

    private static MetricFigure Figure(string metric, MetricUnit unit, double? value) =>
        new(metric, metric, unit, value, null, null, new Dictionary<string, long>(), [], []);
}
