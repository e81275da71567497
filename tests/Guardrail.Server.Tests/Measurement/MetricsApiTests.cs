using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Measurement;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Measurement;

public sealed class MetricsApiTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    /// <summary>
    /// A service with three production deployments (the last lists two commits Guardrail never saw pushed) and one to
    /// staging; an incident confirmed as caused by the second.
    /// </summary>
    private async Task<(ChangeWorld World, Target Target)> HistoryAsync()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var staging = await world.TargetAsync("staging", team: target.Team);
        var pipeline = await world.PipelineAsync();
        var now = app.Clock.GetUtcNow();
        long second = 0;
        foreach (var (id, environment, hoursAgo, commits) in new[]
        {
            ("d1", target.Environment, 30.0, (string[]?)null),
            ("d2", target.Environment, 20.0, null),
            ("d3", staging.Environment, 15.0, null),
            ("d4", target.Environment, 10.0, ["a1", "a2"]),
        })
        {
            var response = await pipeline.PostAsJsonAsync("/api/v1/events/deployments", new DeploymentEventRequest(
                $"{target.Service}-{id}", target.Service, environment, "succeeded", CommitSha: ChangeWorld.Sha(), At: now.AddHours(-hoursAgo), Commits: commits));
            var body = await response.ReadJsonAsync();
            Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
            if (id == "d2")
                second = body["id"]!.GetValue<long>();
        }
        var incident = await (await world.Admin.PostAsJsonAsync("/api/v1/incidents", new IncidentRequest("Errors", "high", "high", Services: [target.Service]))).ReadJsonAsync();
        var confirmed = await world.Admin.PostAsJsonAsync($"/api/v1/incidents/{ChangeWorld.Text(incident["incident"]!["number"])}/causes", new ConfirmCauseRequest(second));
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<LeadTimeProjection>().ProjectAllAsync(CancellationToken.None);
        return (world, target);
    }

    private static JsonNode Figure(JsonNode report, string metric) => report["figures"]!.AsArray().Single(f => ChangeWorld.Text(f!["metric"]) == metric)!;

    [Fact]
    public async Task A_figure_its_records_and_their_csv_agree()
    {
        var (_, target) = await HistoryAsync();
        var reader = await app.ClientAsAsync(Role.Reader);

        var report = await (await reader.GetAsync($"/api/v1/metrics?service={target.Service}")).ReadJsonAsync();
        Assert.Equal(("service", target.Service, "production", "dora-2023"),
            (ChangeWorld.Text(report["scope"]!["kind"]), ChangeWorld.Text(report["scope"]!["key"]), ChangeWorld.Text(report["environment"]), ChangeWorld.Text(report["bandSet"])));
        var failRate = Figure(report, "change-fail-rate");
        Assert.Equal(1.0 / 3, failRate["value"]!.GetValue<double>(), 9);
        Assert.Equal((3, 1), (failRate["inputs"]!["deployments"]!.GetValue<int>(), failRate["inputs"]!["failed"]!.GetValue<int>()));
        Assert.Equal("low", ChangeWorld.Text(failRate["band"]));
        // The commits d4 listed were never pushed, so their authored times are unknown: counted as excluded, never guessed.
        var lead = Figure(report, "lead-time");
        Assert.Equal((0, 2, 2), (lead["inputs"]!["changes"]!.GetValue<int>(), lead["inputs"]!["excluded"]!.GetValue<int>(),
            lead["inputs"]!["deployments-with-unknown-shipped-set"]!.GetValue<int>()));
        Assert.Null(lead["value"]);
        Assert.Equal(12, Figure(report, "deployment-frequency")["trend"]!.AsArray().Count);

        var one = await (await reader.GetAsync($"/api/v1/metrics/change-fail-rate?service={target.Service}")).ReadJsonAsync();
        Assert.Equal(failRate.ToJsonString(), one.ToJsonString());
        var records = await (await reader.GetAsync(ChangeWorld.Text(one["records"]))).ReadJsonAsync();
        Assert.Equal(3, records["total"]!.GetValue<int>());
        Assert.Single(records["rows"]!.AsArray(), r => r!["failed"]!.GetValue<bool>());

        var csv = await reader.GetAsync(ChangeWorld.Text(one["records"]) + "&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("deployment,service,environment,deployed_at,failed,caused_incidents,rolled_back_by,remediated_by,suspected_incident", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Single(lines, l => l.Contains(",true,INC-", StringComparison.Ordinal));

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/metrics/deployment-frequency/records?service={target.Service}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        Assert.Equal("text/csv", (await reader.SendAsync(request)).Content.Headers.ContentType!.MediaType);

        var team = await (await reader.GetAsync($"/api/v1/metrics?team={target.Team}&environment=production")).ReadJsonAsync();
        Assert.Equal(3, Figure(team, "deployment-frequency")["inputs"]!["deployments"]!.GetValue<int>());
    }

    [Fact]
    public async Task Records_are_paged_with_a_cursor()
    {
        var (_, target) = await HistoryAsync();
        var reader = await app.ClientAsAsync(Role.Reader);
        var first = await (await reader.GetAsync($"/api/v1/metrics/deployment-frequency/records?service={target.Service}&limit=2")).ReadJsonAsync();
        Assert.Equal((2, 3), (first["rows"]!.AsArray().Count, first["total"]!.GetValue<int>()));
        var second = await (await reader.GetAsync($"/api/v1/metrics/deployment-frequency/records?service={target.Service}&limit=2&cursor={ChangeWorld.Text(first["nextCursor"])}")).ReadJsonAsync();
        Assert.Single(second["rows"]!.AsArray());
        Assert.Null(second["nextCursor"]);
        var ids = first["rows"]!.AsArray().Concat(second["rows"]!.AsArray()).Select(r => r!["deployment"]!.GetValue<long>()).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
    }

    [Theory]
    [InlineData("/api/v1/metrics?service=no-such-service", HttpStatusCode.NotFound, "service.not_found")]
    [InlineData("/api/v1/metrics?team=no-such-team", HttpStatusCode.NotFound, "team.not_found")]
    [InlineData("/api/v1/metrics?window=last-quarter", HttpStatusCode.BadRequest, "validation.failed")]
    [InlineData("/api/v1/metrics?window=2026-W60", HttpStatusCode.BadRequest, "validation.failed")]
    [InlineData("/api/v1/metrics?window=30d&from=2026-01-01T00:00:00Z", HttpStatusCode.BadRequest, "validation.failed")]
    [InlineData("/api/v1/metrics?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", HttpStatusCode.BadRequest, "validation.failed")]
    [InlineData("/api/v1/metrics?bands=dora-1999", HttpStatusCode.BadRequest, "validation.failed")]
    [InlineData("/api/v1/metrics?trend=daily", HttpStatusCode.BadRequest, "validation.failed")]
    [InlineData("/api/v1/metrics?environment=nowhere", HttpStatusCode.BadRequest, "validation.failed")]
    [InlineData("/api/v1/metrics?service=a&team=b", HttpStatusCode.BadRequest, "validation.failed")]
    [InlineData("/api/v1/metrics/happiness", HttpStatusCode.NotFound, "metric.not_found")]
    [InlineData("/api/v1/metrics/happiness/records", HttpStatusCode.NotFound, "metric.not_found")]
    [InlineData("/api/v1/metrics/lead-time/records?format=xml", HttpStatusCode.BadRequest, "validation.failed")]
    [InlineData("/api/v1/metrics/lead-time/records?limit=0", HttpStatusCode.BadRequest, "validation.failed")]
    [InlineData("/api/v1/metrics/lead-time/records?cursor=nonsense", HttpStatusCode.BadRequest, "paging.invalid_cursor")]
    public async Task Bad_filters_are_refused_with_their_codes(string url, HttpStatusCode status, string code)
    {
        var reader = await app.ClientAsAsync(Role.Reader);
        var response = await reader.GetAsync(url);
        var problem = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == status, problem.ToJsonString());
        Assert.Equal(code, ChangeWorld.Text(problem["code"]));
    }

    [Fact]
    public async Task Metrics_need_the_metrics_permission()
    {
        var pipeline = await app.ClientAsAsync(Role.Pipeline);
        Assert.Equal(HttpStatusCode.Forbidden, (await pipeline.GetAsync("/api/v1/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/metrics/lead-time/records")).StatusCode);
    }

    [Fact]
    public async Task The_band_sets_are_listed()
    {
        var reader = await app.ClientAsAsync(Role.Reader);
        var sets = await (await reader.GetAsync("/api/v1/metrics/bands")).ReadJsonAsync();
        Assert.Equal(["dora-2021", "dora-2023", "dora-2024-clusters"], sets.AsArray().Select(s => ChangeWorld.Text(s!["id"])));
        Assert.Equal(4, sets.AsArray().Single(s => s!["displayOnly"]!.GetValue<bool>())!["profiles"]!.AsArray().Count);
    }
}
