using System.Net;
using Guardrail.Core.Measurement;
using Guardrail.Core.Persistence;
using Guardrail.Server.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Guardrail.Server.Tests.Measurement.ExportedSeries;

namespace Guardrail.Server.Tests.Measurement;

/// <summary>
/// <c>/metrics</c> exports, per service and for the organisation, exactly the figures <c>GET /api/v1/metrics</c> gives,
/// labelled only by service and team. The class has its own server: the tests move its clock.
/// </summary>
public sealed class MetricsExportTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task Each_service_exports_the_figures_the_api_gives_it_labelled_only_by_service_and_team()
    {
        var history = await DeliveryHistory.CreateAsync(app);
        var checkout = await history.World.TargetAsync();
        var payments = await history.World.TargetAsync(environment: checkout.Environment);
        var now = history.Now;
        await history.DeployAsync(checkout, now.AddDays(-20), SeedCommit.At(now.AddDays(-22)), SeedCommit.At(now.AddDays(-21)));
        await history.DeployAsync(checkout, now.AddDays(-10), SeedCommit.At(now.AddDays(-10).AddHours(-5)));
        var failed = await history.DeployAsync(checkout, now.AddDays(-3), SeedCommit.At(now.AddDays(-4)));
        await history.DeployAsync(payments, now.AddDays(-6), SeedCommit.At(now.AddDays(-7)));
        await history.IncidentAsync([checkout.Service, payments.Service], now.AddDays(-3).AddHours(2), causedBy: failed, reporterEmail: "ana@example.com");
        await history.IncidentAsync([payments.Service], now.AddHours(-1), resolve: false);
        await history.ChangeAsync(checkout, "implemented");
        await history.ChangeAsync(checkout, "failed");
        await history.ProjectLeadTimesAsync();
        app.Clock.Advance(TimeSpan.FromHours(5)); // past the incidents' 4-hour resolution targets (P1), so they count in SLA attainment

        var scrape = await ScrapeFreshAsync(app);

        foreach (var target in new[] { checkout, payments })
        {
            var figures = await history.FiguresAsync($"?service={target.Service}");
            foreach (var series in All)
                AssertSame(series.From(figures[series.Metric]), Actual(scrape, series.PerService, s => s.Labels["service"] == target.Service), $"{series.PerService} of {target.Service}");
            Assert.All(All.SelectMany(series => scrape.Of(series.PerService, "service", target.Service)), s => Assert.Equal(target.Team, s.Labels["team"]));
        }
        var organisation = await history.FiguresAsync();
        foreach (var series in All)
            AssertSame(series.From(organisation[series.Metric]), Actual(scrape, series.Organisation, _ => true), series.Organisation);

        // Worked out by hand: the incident on both services is resolved once for each, and once for the organisation.
        Assert.Equal(3, Assert.Single(scrape.Of("guardrail_deployments", "service", checkout.Service)).Value);
        Assert.Equal(1.0 / 3, Assert.Single(scrape.Of("guardrail_change_fail_rate", "service", checkout.Service)).Value, 12);
        Assert.Equal(1, Assert.Single(scrape.Of("guardrail_incidents_resolved", "service", checkout.Service)).Value);
        Assert.Equal(1, Assert.Single(scrape.Of("guardrail_incidents_resolved", "service", payments.Service)).Value);
        Assert.Equal(1, Assert.Single(scrape.Of("guardrail_organisation_incidents_resolved")).Value);
        Assert.Equal(0.5, Assert.Single(scrape.Of("guardrail_incident_sla_attainment_ratio", "service", payments.Service)).Value);
        // Lead times: checkout delivered changes of 48, 24, 5 and 24 hours; payments one of 24 hours.
        Assert.Equal(24 * 3600, Quantile(scrape, "guardrail_change_lead_time_seconds", checkout.Service, "0.5"), 6);
        Assert.Equal((24 + 0.7 * 24) * 3600, Quantile(scrape, "guardrail_change_lead_time_seconds", checkout.Service, "0.9"), 6);
        Assert.Equal(24 * 3600, Quantile(scrape, "guardrail_change_lead_time_seconds", payments.Service, "0.5"), 6);

        foreach (var series in All)
        {
            string[] quantile = series.Reading == FigureReading.Seconds ? ["quantile"] : [];
            string[] labels = ["quantile", "service", "team"];
            Assert.All(scrape.Of(series.PerService), s => Assert.Equal(labels.Where(l => l != "quantile" || quantile.Length > 0), s.Labels.Keys.Order()));
            Assert.All(scrape.Of(series.Organisation), s => Assert.Equal(quantile, s.Labels.Keys));
            Assert.Equal("gauge", scrape.Types[series.PerService]);
        }
    }

    [Fact]
    public async Task A_scrape_reuses_the_figures_for_the_cache_duration_and_a_service_left_without_records_loses_its_series()
    {
        var cache = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.ExportCacheDuration;
        var history = await DeliveryHistory.CreateAsync(app);
        var leaving = await history.World.TargetAsync();
        var staying = await history.World.TargetAsync(environment: leaving.Environment);
        await history.DeployAsync(leaving, history.Now.AddDays(-MetricsWindow.DefaultDays).AddHours(12));
        await history.DeployAsync(staying, history.Now.AddDays(-1));

        var first = await ScrapeFreshAsync(app);
        await history.DeployAsync(staying, history.Now.AddHours(-1));
        app.Clock.Advance(cache / 2);
        var cached = await ScrapeAsync(app);
        app.Clock.Advance(cache / 2);
        var recomputed = await ScrapeAsync(app);
        app.Clock.Advance(TimeSpan.FromDays(1));
        var dayLater = await ScrapeFreshAsync(app);

        Assert.Equal(1, Assert.Single(first.Of("guardrail_deployments", "service", leaving.Service)).Value);
        Assert.Equal(1, Assert.Single(first.Of("guardrail_deployments", "service", staying.Service)).Value);
        Assert.Equal(1, Assert.Single(cached.Of("guardrail_deployments", "service", staying.Service)).Value);
        Assert.Equal(2, Assert.Single(recomputed.Of("guardrail_deployments", "service", staying.Service)).Value);
        Assert.DoesNotContain(dayLater.Samples, s => s.Labels.GetValueOrDefault("service") == leaving.Service);
        Assert.Equal(2, Assert.Single(dayLater.Of("guardrail_deployments", "service", staying.Service)).Value);
    }

    private static double Quantile(PrometheusText scrape, string family, string service, string quantile) =>
        Assert.Single(scrape.Of(family, "service", service), s => s.Labels["quantile"] == quantile).Value;

    [Fact]
    public async Task Metrics_need_a_token_that_may_read_them()
    {
        var anonymous = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/metrics");
        Assert.Equal((HttpStatusCode.Redirect, "/login"), (anonymous.StatusCode, anonymous.Headers.Location?.AbsolutePath));
        var pipeline = await app.ClientAsAsync(Core.Access.Role.Pipeline);
        Assert.Equal(HttpStatusCode.Forbidden, (await pipeline.GetAsync("/metrics")).StatusCode);
    }
}

/// <summary>A store the figures cannot be read from: the scrape fails as a whole rather than serving a partial page.</summary>
public sealed class MetricsExportFailureTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task A_scrape_whose_figures_cannot_be_computed_is_a_server_error_with_its_trace_id()
    {
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<GuardrailDb>().Database.ExecuteSqlRawAsync("DROP TABLE \"DeliveredChanges\"");
        var reader = await app.ClientAsAsync(Core.Access.Role.Reader);

        var response = await reader.GetAsync("/metrics");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, body);
        Assert.Contains("traceId", body, StringComparison.Ordinal);
        Assert.DoesNotContain("guardrail_", body, StringComparison.Ordinal);
    }
}
