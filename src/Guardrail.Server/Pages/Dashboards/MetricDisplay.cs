using System.Globalization;
using Guardrail.Core.Common;
using Guardrail.Core.Measurement;
using Guardrail.Server.UI;

namespace Guardrail.Server.Pages.Dashboards;

/// <summary>How the dashboards write figures for people: durations in hours or days, rates as percentages, frequency per day or week.</summary>
public static class MetricDisplay
{
    private const double HoursPerDay = 24;

    public static string Value(MetricFigure figure) => Value(figure.Unit, figure.Value);

    public static string Value(MetricUnit unit, double? value) => value is not { } v ? "no data" : unit switch
    {
        MetricUnit.PerDay => Frequency(v),
        MetricUnit.Hours => Duration(v),
        MetricUnit.Ratio => Percent(v),
        _ => Number(v, "0.0") + " of 5",
    };

    /// <summary>"45 min" under an hour, "3.4 h" under a day, "2.1 d" from a day on.</summary>
    public static string Duration(double hours) =>
        hours < 1 ? Number(hours * 60, "0") + " min"
        : hours < HoursPerDay ? Number(hours, "0.0") + " h"
        : Number(hours / HoursPerDay, "0.0") + " d";

    public static string Percent(double ratio) => Number(ratio * 100, "0.0") + "%";

    /// <summary>"8.8 per day", or per week below one a day.</summary>
    public static string Frequency(double perDay) =>
        perDay >= 1 ? Number(perDay, "0.0") + " per day" : Number(perDay * 7, "0.0") + " per week";

    /// <summary>Whether a rise of the metric is an improvement: more deployments, successes and satisfaction; less time and fewer failures.</summary>
    public static bool HigherIsBetter(MetricFigure figure) =>
        figure.Unit is not MetricUnit.Hours && figure.Metric is not (Metrics.ChangeFailRate or Metrics.ReworkRate);

    /// <summary>How a figure moved from one period to another, or null when either period has no value.</summary>
    public static FigureChange? Change(MetricFigure before, MetricFigure after)
    {
        if (before.Value is not { } from || after.Value is not { } to)
            return null;
        var rise = to.CompareTo(from);
        var verdict = rise == 0 ? "unchanged" : (rise > 0) == HigherIsBetter(after) ? "better" : "worse";
        return new FigureChange(rise > 0 ? "▲" : rise < 0 ? "▼" : "=", Delta(after.Unit, from, to), verdict);
    }

    /// <summary>The change from one figure to another in the figure's own unit: "+1.2 h", "−3.1 pp", "+0.4 per day".</summary>
    public static string Delta(MetricUnit unit, double before, double after)
    {
        var change = after - before;
        var sign = change > 0 ? "+" : change < 0 ? "−" : "±";
        var size = Math.Abs(change);
        return sign + unit switch
        {
            MetricUnit.PerDay => Frequency(size),
            MetricUnit.Hours => Duration(size),
            MetricUnit.Ratio => Number(size * 100, "0.0") + " pp",
            _ => Number(size, "0.0"),
        };
    }

    /// <summary>The counts a figure was computed from, in words: "28 of 791 deployments".</summary>
    public static string Inputs(MetricFigure figure)
    {
        long Count(string input) => figure.Inputs.GetValueOrDefault(input);
        return figure.Metric switch
        {
            Metrics.DeploymentFrequency => $"{Counted(Count("deployments"), "deployment")} on {Counted(Count("deployment-days"), "day")}",
            Metrics.LeadTime => Counted(Count("changes"), "change") + (Count("excluded") > 0 ? $", {Count("excluded")} without a known start" : ""),
            Metrics.ChangeFailRate => $"{Count("failed")} of {Counted(Count("deployments"), "deployment")}",
            Metrics.RecoveryTime => $"{Counted(Count("recovered"), "recovered failure")}",
            Metrics.ReworkRate => $"{Count("rework")} of {Counted(Count("deployments"), "deployment")}",
            Metrics.Mtta or Metrics.Mttr or Metrics.Mtrs => Counted(Count("incidents"), "incident"),
            Metrics.SlaAttainment => $"{Count("met")} of {Counted(Count("due"), "incident")} due",
            Metrics.BacklogAge => Counted(Count("open"), "open incident"),
            Metrics.ChangeSuccessRate => $"{Count("successful")} of {Counted(Count("closed"), "closed change")}",
            Metrics.AutomaticApproval => $"{Count("automatic")} of {Counted(Count("decided"), "decided change")}",
            Metrics.ApprovalWait => Counted(Count("decided-by-people"), "change decided by people", "changes decided by people"),
            Metrics.Satisfaction => Counted(Count("answered"), "answer"),
            Metrics.SurveyResponseRate => $"{Count("answered")} of {Counted(Count("sent"), "survey")}",
            _ => string.Join(", ", figure.Inputs.Select(i => $"{i.Value} {i.Key}")),
        };
    }

    /// <summary>A breakdown's name for people: the lead-time stages, priorities, approval routes.</summary>
    public static string PartName(string part) => part switch
    {
        "coding" => "Coding",
        "review" => "Review",
        "deploy" => "Deploy",
        "including-suspected" => "Including suspected",
        _ => part,
    };

    public static string Amount(double value) => Number(value, "0.#");

    public static string Band(Band band) => WireNames.Of(band);

    public static string Counted(long count, string one, string? many = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many ?? one + "s");

    /// <summary>A value exactly as the API writes it, for the page's data attributes.</summary>
    public static string? Exact(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    public static string Period(DateOnly start, TrendPeriod period) =>
        start.ToString(period == TrendPeriod.Week ? "d MMM" : "MMM yyyy", CultureInfo.InvariantCulture);

    public static string Window(MetricsReport report) => $"{Display.Utc(report.Window.From)} to {Display.Utc(report.Window.To)}";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

/// <param name="Arrow">▲ up, ▼ down or = unchanged.</param>
/// <param name="Delta">The difference in the figure's unit, signed.</param>
/// <param name="Verdict">better, worse or unchanged, by whether the metric improves upwards or downwards.</param>
public sealed record FigureChange(string Arrow, string Delta, string Verdict);
