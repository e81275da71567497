using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Measurement;
using Guardrail.Server.Tests.Support;
using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

/// <summary><c>guardrail metrics</c> and <c>guardrail metrics records</c> against a real server with a history of its own.</summary>
public sealed class MetricsCommandTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    /// <summary>
    /// A service deployed three times, each deployment shipping one commit authored a day before it; the last caused an
    /// incident: 3 deployments, a change fail rate of 1 in 3, lead times of 24 hours.
    /// </summary>
    private async Task<Target> HistoryAsync()
    {
        var history = await DeliveryHistory.CreateAsync(app);
        var target = await history.World.TargetAsync();
        var now = history.Now;
        long last = 0;
        foreach (var days in new[] { 30, 20, 10 })
            last = await history.DeployAsync(target, now.AddDays(-days), SeedCommit.At(now.AddDays(-days - 1)));
        await history.IncidentAsync([target.Service], now.AddDays(-10).AddHours(1), causedBy: last);
        await history.ProjectLeadTimesAsync();
        return target;
    }

    [Fact]
    public async Task Metrics_prints_the_figures_of_the_api_as_a_table_and_as_its_json()
    {
        var target = await HistoryAsync();
        var reader = await app.IssueTokenAsync(Role.Reader);

        var json = JsonNode.Parse((await RunAsync(app, reader, ExitCodes.Success, "metrics", "--service", target.Service, "--json")).Out)!;
        var table = await RunAsync(app, reader, ExitCodes.Success, "metrics", "--service", target.Service, "--window", "90d");
        var api = JsonNode.Parse(await (await app.ClientAsAsync(Role.Reader)).GetStringAsync($"/api/v1/metrics?service={target.Service}"))!;

        Assert.True(JsonNode.DeepEquals(api["figures"], json["figures"]), $"The CLI printed\n{json["figures"]}\nthe API gave\n{api["figures"]}");
        Assert.Equal(target.Service, json["scope"]!["key"]!.GetValue<string>());
        Assert.Contains($"(service {target.Service}), 1 service; environment production;", table.Out, StringComparison.Ordinal);
        Assert.Contains("bands dora-2023", table.Out, StringComparison.Ordinal);
        var frequency = Row(table, "deployment-frequency");
        Assert.Contains("0.03 per day", frequency, StringComparison.Ordinal);
        Assert.Contains("deployments 3", frequency, StringComparison.Ordinal);
        var failRate = Row(table, "change-fail-rate");
        Assert.Contains("33.3%", failRate, StringComparison.Ordinal);
        Assert.Contains(api["figures"]!.AsArray().Single(f => f!["metric"]!.GetValue<string>() == "change-fail-rate")!["band"]!.GetValue<string>(), failRate, StringComparison.Ordinal);
        Assert.Contains("24 h", Row(table, "lead-time"), StringComparison.Ordinal);
        Assert.Contains("changes 3", Row(table, "lead-time"), StringComparison.Ordinal);
        Assert.Contains("guardrail metrics records METRIC", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_print_the_rows_behind_a_figure_and_as_csv_exactly_what_the_api_writes()
    {
        var target = await HistoryAsync();
        var reader = await app.IssueTokenAsync(Role.Reader);

        var csv = await RunAsync(app, reader, ExitCodes.Success, "metrics", "records", "change-fail-rate", "--service", target.Service, "--csv");
        var table = await RunAsync(app, reader, ExitCodes.Success, "metrics", "records", "lead-time", "--service", target.Service);
        var json = JsonNode.Parse((await RunAsync(app, reader, ExitCodes.Success, "metrics", "records", "lead-time", "--service", target.Service, "--json")).Out)!;
        var client = await app.ClientAsAsync(Role.Reader);
        var apiCsv = await client.GetStringAsync($"/api/v1/metrics/change-fail-rate/records?service={target.Service}&format=csv");

        Assert.Equal(apiCsv, csv.Out);
        var lines = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("deployment,service,environment,deployed_at,failed,", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length - 1);
        Assert.Single(lines, l => l.Contains(",true,", StringComparison.Ordinal));
        Assert.Contains("3 rows", table.Out, StringComparison.Ordinal);
        Assert.Contains(target.Service, table.Out, StringComparison.Ordinal);
        Assert.Equal((3, 3), (json["total"]!.GetValue<int>(), json["rows"]!.AsArray().Count));
        Assert.Null(json["nextCursor"]);
    }

    [Fact]
    public async Task Bad_filters_print_the_problem_and_exit_1_and_csv_with_json_is_a_usage_error()
    {
        var reader = await app.IssueTokenAsync(Role.Reader);

        var unknownService = await RunAsync(app, reader, ExitCodes.Refused, "metrics", "--service", "no-such-service");
        var unknownMetric = await RunAsync(app, reader, ExitCodes.Refused, "metrics", "records", "happiness", "--csv");
        var badWindow = await RunAsync(app, reader, ExitCodes.Refused, "metrics", "--window", "soon");
        var both = await RunAsync(app, reader, ExitCodes.Usage, "metrics", "records", "lead-time", "--csv", "--json");

        Assert.Contains("No service 'no-such-service' exists. [service.not_found] (HTTP 404)", unknownService.Error, StringComparison.Ordinal);
        Assert.Empty(unknownService.Out);
        Assert.Contains("[metric.not_found]", unknownMetric.Error, StringComparison.Ordinal);
        Assert.Contains("lead-time", unknownMetric.Error, StringComparison.Ordinal);
        Assert.Empty(unknownMetric.Out);
        Assert.Contains("window: 'soon' is not a window", badWindow.Error, StringComparison.Ordinal);
        Assert.Contains("--csv or --json", both.Error, StringComparison.Ordinal);
    }

    private static string Row(CliResult table, string metric) =>
        Assert.Single(table.Out.Split('\n'), line => line.Contains($" {metric} ", StringComparison.Ordinal));
}
