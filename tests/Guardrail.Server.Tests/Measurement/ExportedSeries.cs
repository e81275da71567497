using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Core.Measurement;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Tests.Measurement;

/// <summary>How an exported series reads a figure of the API: its value, its median and p90 in seconds, an input's count or a part's value.</summary>
public enum FigureReading
{
    Value,
    Seconds,
    Input,
    Part,
}

/// <summary>
/// The series <c>/metrics</c> promises per service (<c>guardrail_NAME{service,team}</c>) and for the organisation
/// (<c>guardrail_organisation_NAME</c>), and the figure of <c>GET /api/v1/metrics</c> each must equal: the contract the
/// Grafana dashboard is built on, written down here independently of the exporter.
/// </summary>
public sealed record ExportedSeries(string Name, string Metric, FigureReading Reading, string? Of = null)
{
    public static readonly IReadOnlyList<ExportedSeries> All =
    [
        new("deployments_per_day", "deployment-frequency", FigureReading.Value),
        new("deployments", "deployment-frequency", FigureReading.Input, "deployments"),
        new("change_lead_time_seconds", "lead-time", FigureReading.Seconds),
        new("change_fail_rate", "change-fail-rate", FigureReading.Value),
        new("change_fail_rate_including_suspected", "change-fail-rate", FigureReading.Part, "including-suspected"),
        new("failed_deployment_recovery_seconds", "recovery-time", FigureReading.Seconds),
        new("deployment_rework_rate", "rework-rate", FigureReading.Value),
        new("incident_time_to_acknowledge_seconds", "mtta", FigureReading.Seconds),
        new("incident_time_to_resolve_seconds", "mttr", FigureReading.Seconds),
        new("incident_time_to_restore_seconds", "mtrs", FigureReading.Seconds),
        new("incidents_resolved", "mttr", FigureReading.Input, "incidents"),
        new("incident_sla_attainment_ratio", "sla-attainment", FigureReading.Value),
        new("change_success_ratio", "change-success-rate", FigureReading.Value),
        new("change_automatic_approval_ratio", "automatic-approval", FigureReading.Value),
        new("change_approval_wait_seconds", "approval-wait", FigureReading.Seconds),
        new("satisfaction_rating", "satisfaction", FigureReading.Value),
        new("satisfaction_survey_response_ratio", "survey-response-rate", FigureReading.Value),
    ];

    public string PerService => "guardrail_" + Name;

    public string Organisation => "guardrail_organisation_" + Name;

    /// <summary>The series a figure of the API makes, by quantile ("" for none); a figure without a value makes none.</summary>
    public Dictionary<string, double> From(JsonNode figure)
    {
        var series = new Dictionary<string, double>();
        switch (Reading)
        {
            case FigureReading.Seconds:
                if (figure["value"]?.GetValue<double>() is { } median)
                    series["0.5"] = median * 3600;
                if (figure["p90"]?.GetValue<double>() is { } p90)
                    series["0.9"] = p90 * 3600;
                break;
            case FigureReading.Input:
                series[""] = figure["inputs"]![Of!]!.GetValue<long>();
                break;
            case FigureReading.Part:
                if (figure["parts"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == Of)!["value"]?.GetValue<double>() is { } part)
                    series[""] = part;
                break;
            default:
                if (figure["value"]?.GetValue<double>() is { } value)
                    series[""] = value;
                break;
        }
        return series;
    }

    /// <summary>The samples of <paramref name="family"/> matching <paramref name="scope"/>, by quantile ("" for none).</summary>
    public static Dictionary<string, double> Actual(PrometheusText scrape, string family, Func<Sample, bool> scope) =>
        scrape.Of(family).Where(scope).ToDictionary(s => s.Labels.GetValueOrDefault("quantile") ?? "", s => s.Value);

    public static void AssertSame(Dictionary<string, double> expected, Dictionary<string, double> actual, string what)
    {
        Assert.True(expected.Keys.Order().SequenceEqual(actual.Keys.Order()),
            $"{what}: expected series {string.Join(", ", expected.Keys.Order())}, exported {string.Join(", ", actual.Keys.Order())}");
        foreach (var (quantile, value) in expected)
            Assert.True(Math.Abs(actual[quantile] - value) <= 1e-9 * Math.Max(1, Math.Abs(value)), $"{what} {quantile}: expected {value}, exported {actual[quantile]}");
    }

    /// <summary>
    /// Scrapes <c>/metrics</c> with a reader's token after moving the server's clock past the export cache, so the figures
    /// are computed from what the test has just written.
    /// </summary>
    public static async Task<PrometheusText> ScrapeFreshAsync(GuardrailApp app)
    {
        app.Clock.Advance(app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.ExportCacheDuration);
        return await ScrapeAsync(app);
    }

    public static async Task<PrometheusText> ScrapeAsync(GuardrailApp app)
    {
        var reader = await app.ClientAsAsync(Role.Reader);
        var response = await reader.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/metrics answered {(int)response.StatusCode}: {text}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return PrometheusText.Parse(text);
    }
}
