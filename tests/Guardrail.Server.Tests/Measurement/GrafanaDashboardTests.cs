using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Guardrail.Server.Tests.Support;
using static Guardrail.Server.Tests.Measurement.ExportedSeries;

namespace Guardrail.Server.Tests.Measurement;

/// <summary>
/// The Grafana dashboard in <c>deploy/grafana</c> reads only series the server exports, with labels those series carry, so it
/// cannot drift from the exporter; and it is a dashboard Grafana imports (schema 39, data source as an input).
/// </summary>
public sealed partial class GrafanaDashboardTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    private const string DataSource = "${DS_PROMETHEUS}";

    private static readonly HashSet<string> s_keywords = ["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"];

    [Fact]
    public async Task Every_query_of_the_dashboard_reads_series_the_server_exports()
    {
        var scrape = await ScrapeAfterAHistoryAsync();
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(DashboardPath()))!;
        var labelsOf = scrape.Samples.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.SelectMany(s => s.Labels.Keys).ToHashSet());

        var panels = Panels(dashboard["panels"]!.AsArray()).Where(p => Text(p["type"]) != "row").ToList();
        Assert.NotEmpty(panels);
        foreach (var panel in panels)
        {
            var targets = panel["targets"]!.AsArray();
            Assert.True(targets.Count > 0, $"Panel '{Text(panel["title"])}' has no query.");
            foreach (var target in targets)
            {
                var expression = Text(target!["expr"]);
                var selectors = Selectors(expression).ToList();
                Assert.True(selectors.Count > 0, $"Panel '{Text(panel["title"])}' reads no series: {expression}");
                foreach (var (metric, labels) in selectors)
                {
                    Assert.True(scrape.Types.ContainsKey(metric), $"Panel '{Text(panel["title"])}' reads {metric}, which /metrics does not export.");
                    Assert.All(labels, label => Assert.True(labelsOf[metric].Contains(label), $"Panel '{Text(panel["title"])}' matches {metric} on '{label}', a label it does not carry."));
                }
            }
        }

        foreach (var variable in dashboard["templating"]!["list"]!.AsArray())
        {
            var query = LabelValues().Match(Text(variable!["definition"]));
            Assert.True(query.Success, $"Variable {Text(variable["name"])} is not a label_values query.");
            var metric = query.Groups["metric"].Value;
            Assert.True(scrape.Types.ContainsKey(metric), $"Variable {Text(variable["name"])} reads {metric}, which /metrics does not export.");
            Assert.Contains(query.Groups["label"].Value, labelsOf[metric]);
            Assert.Equal(Text(variable["definition"]), Text(variable["query"]!["query"]));
        }
        Assert.Equal(["service", "team"], dashboard["templating"]!["list"]!.AsArray().Select(v => Text(v!["name"])).Order());
    }

    [Fact]
    public async Task The_dashboard_is_one_Grafana_imports_with_its_data_source_as_an_input()
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(DashboardPath()))!;

        Assert.True(dashboard["schemaVersion"]!.GetValue<int>() >= 39);
        Assert.Equal("DS_PROMETHEUS", Text(Assert.Single(dashboard["__inputs"]!.AsArray())!["name"]));
        Assert.Null(dashboard["id"]);
        Assert.False(string.IsNullOrWhiteSpace(Text(dashboard["uid"])));
        var panels = Panels(dashboard["panels"]!.AsArray()).ToList();
        Assert.Equal(panels.Count, panels.Select(p => p["id"]!.GetValue<int>()).Distinct().Count());
        foreach (var panel in panels)
        {
            var grid = panel["gridPos"]!;
            Assert.True(grid["x"]!.GetValue<int>() + grid["w"]!.GetValue<int>() <= 24, $"Panel '{Text(panel["title"])}' is wider than the grid.");
            if (Text(panel["type"]) == "row")
                continue;
            Assert.Equal(DataSource, Text(panel["datasource"]!["uid"]));
            Assert.All(panel["targets"]!.AsArray(), t => Assert.Equal(DataSource, Text(t!["datasource"]!["uid"])));
        }
        Assert.All(dashboard["templating"]!["list"]!.AsArray(), v => Assert.Equal(DataSource, Text(v!["datasource"]!["uid"])));
    }

    [Theory]
    [InlineData("guardrail_change_lead_time_seconds{service=~\"$service\", quantile=\"0.5\"}", "guardrail_change_lead_time_seconds:quantile,service")]
    [InlineData("sum by (team) (guardrail_deployments{team=~\"a|b\"}) / sum(guardrail_deployments)", "guardrail_deployments:team guardrail_deployments:")]
    [InlineData("max_over_time(guardrail_change_fail_rate[1d]) > 0.15", "guardrail_change_fail_rate:")]
    public void Selectors_are_read_from_promql_without_functions_groupings_or_ranges(string expression, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Selectors(expression).Select(s => $"{s.Metric}:{string.Join(',', s.Labels.Order())}")));
    }

    /// <summary>
    /// A history in which every exported series has a value: deployments with pushed commits, a failure confirmed and
    /// recovered, a change record approved by people, an incident whose survey was answered and whose target has passed.
    /// </summary>
    private async Task<PrometheusText> ScrapeAfterAHistoryAsync()
    {
        var history = await DeliveryHistory.CreateAsync(app);
        var target = await history.World.TargetAsync();
        var now = history.Now;
        await history.DeployAsync(target, now.AddDays(-8), SeedCommit.At(now.AddDays(-9)));
        var failed = await history.DeployAsync(target, now.AddDays(-2), SeedCommit.At(now.AddDays(-3)));
        var incident = await history.IncidentAsync([target.Service], now.AddDays(-2).AddHours(1), causedBy: failed, reporterEmail: "ana@example.com");
        await history.AnswerSurveyAsync(incident, 4);
        await history.ChangeAsync(target, "implemented");
        await history.ProjectLeadTimesAsync();
        app.Clock.Advance(TimeSpan.FromHours(5));

        var scrape = await ScrapeFreshAsync(app);

        Assert.All(All, series => Assert.Contains(scrape.Samples, s => s.Name == series.PerService && s.Labels["service"] == target.Service));
        Assert.All(All, series => Assert.Contains(scrape.Samples, s => s.Name == series.Organisation));
        return scrape;
    }

    private static IEnumerable<JsonNode> Panels(JsonArray panels) =>
        panels.SelectMany(p => p!["panels"] is JsonArray nested ? [p, .. Panels(nested)] : new[] { p! });

    /// <summary>The series selectors of a PromQL expression: each metric name with the labels it is matched on.</summary>
    private static IEnumerable<(string Metric, IReadOnlyList<string> Labels)> Selectors(string expression)
    {
        var text = Grouping().Replace(Range().Replace(expression, ""), "");
        foreach (Match selector in Selector().Matches(text))
        {
            var metric = selector.Groups["metric"].Value;
            if (!s_keywords.Contains(metric))
                yield return (metric, [.. Matcher().Matches(selector.Groups["matchers"].Value).Select(m => m.Groups["label"].Value)]);
        }
    }

    private static string DashboardPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Guardrail.slnx")))
                return Path.Combine(directory.FullName, "deploy", "grafana", "guardrail-delivery.json");
        }
        throw new InvalidOperationException("Guardrail.slnx not found above " + AppContext.BaseDirectory);
    }

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    [GeneratedRegex("""(?<![\w:])(?<metric>[a-zA-Z_:][\w:]*)(?![\w:])\s*(?:\{(?<matchers>(?:[^}"]|"(?:[^"\\]|\\.)*")*)\})?(?!\s*\()""")]
    private static partial Regex Selector();

    [GeneratedRegex("""(?<label>[a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*,?""")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"^label_values\((?<metric>[a-zA-Z_:][\w:]*)(?:\{[^}]*\})?,\s*(?<label>[a-zA-Z_]\w*)\)$")]
    private static partial Regex LabelValues();
}
