using Guardrail.Core.Changes;
using Guardrail.Core.Demo;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Core.Measurement;
using Guardrail.Core.Persistence;
using Guardrail.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Guardrail.Core.Tests.Demo;

/// <summary>The demo organisation seeded once (through the inbox, as <c>serve --demo</c> does) and its lead times projected.</summary>
public sealed class SeededDemo : IAsyncLifetime
{
    public TestStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = await TestStore.SqliteAsync();
        await using (var scope = Store.Scope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().SeedAsync(default));
        await using (var scope = Store.Scope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<LeadTimeProjection>().ProjectAllAsync(default) > 0);
    }

    public async Task DisposeAsync() => await Store.DisposeAsync();
}

public class DemoMetricsTests(SeededDemo demo, ITestOutputHelper output) : IClassFixture<SeededDemo>
{
    private static readonly string[] s_banded = [Metrics.DeploymentFrequency, Metrics.LeadTime, Metrics.ChangeFailRate, Metrics.RecoveryTime];

    [Fact]
    public async Task The_elite_team_is_elite_on_every_banded_DORA_metric()
    {
        var report = await ReportAsync(DemoToolchain.ElitePractice);
        foreach (var metric in s_banded)
            Assert.True(report[metric].Band == Band.Elite, $"{metric}: {report[metric].Value} is {report[metric].Band}");
    }

    [Fact]
    public async Task The_struggling_team_deploys_rarely_waits_weeks_fails_often_and_recovers_slowly_with_rework()
    {
        var report = await ReportAsync(DemoToolchain.StrugglingPractice);
        var frequency = report[Metrics.DeploymentFrequency];
        Assert.True(frequency.Band is Band.Medium or Band.Low, $"frequency is {frequency.Band}");
        Assert.True(frequency.Parts.Single(p => p.Name == "median-deployment-days-per-week").Value < 1);
        var lead = report[Metrics.LeadTime];
        Assert.True(lead.Band is Band.Medium or Band.Low && lead.Value >= 7 * 24, $"lead time {lead.Value} h is {lead.Band}");
        var failRate = report[Metrics.ChangeFailRate];
        Assert.True(failRate.Value > 0.15 && failRate.Band == Band.Low, $"change fail rate {failRate.Value} is {failRate.Band}");
        var recovery = report[Metrics.RecoveryTime];
        Assert.True(recovery.Value > 24 && recovery.Band is Band.Medium or Band.Low, $"recovery {recovery.Value} h is {recovery.Band}");
        var rework = report[Metrics.ReworkRate].Inputs;
        Assert.True(rework["rollbacks"] > 0, "rollbacks");
        Assert.True(rework["remediations"] + rework["emergency"] > 0, "fixes forward");
    }

    [Fact]
    public async Task The_improving_team_moves_from_medium_or_low_to_high_or_elite_over_the_trend()
    {
        var report = await ReportAsync(DemoToolchain.ImprovingPractice);
        var trend = report[Metrics.LeadTime].Trend;
        Assert.Equal(MetricsEngine.TrendPeriods, trend.Count);
        output.WriteLine("lead time by week: " + string.Join(", ", trend.Select(p => $"{p.Period:MM-dd} {p.Value:0.#} h ({p.Count})")));
        output.WriteLine("change fail rate by week: " + string.Join(", ", report[Metrics.ChangeFailRate].Trend.Select(p => $"{p.Period:MM-dd} {p.Value:P0} ({p.Count})")));
        var firstWeeks = Median(trend.Take(4));
        var lastWeeks = Median(trend.TakeLast(4));
        Assert.True(firstWeeks > lastWeeks, $"the first four weeks' median lead time {firstWeeks} h is not above the last four's {lastWeeks} h");

        await using var scope = demo.Store.Scope();
        var engine = scope.ServiceProvider.GetRequiredService<MetricsEngine>();
        var query = (await engine.ResolveAsync(new MetricsRequest(Team: DemoToolchain.ImprovingPractice), default)).Value!;
        var (delivery, _) = await engine.LoadAsync(query, default);
        var first = new MetricsWindow(query.Periods[0].Window.From, query.Periods[3].Window.To);
        var last = new MetricsWindow(query.Periods[^4].Window.From, query.Periods[^1].Window.To);
        var (firstLead, lastLead) = (LeadBand(delivery, first, query.Bands), LeadBand(delivery, last, query.Bands));
        Assert.True(firstLead is Band.Medium or Band.Low, $"lead time in the first four weeks is {firstLead}");
        Assert.True(lastLead is Band.High or Band.Elite, $"lead time in the last four weeks is {lastLead}");
        var (firstFailures, lastFailures) = (FailBand(delivery, first, query.Bands), FailBand(delivery, last, query.Bands));
        Assert.True(firstFailures is Band.Medium or Band.Low, $"change fail rate in the first four weeks is {firstFailures}");
        Assert.True(lastFailures is Band.High or Band.Elite, $"change fail rate in the last four weeks is {lastFailures}");
    }

    [Fact]
    public async Task The_organisation_has_rework_and_closed_changes_with_outcomes()
    {
        var report = await ReportAsync(null);
        var rework = report[Metrics.ReworkRate];
        Assert.True(rework.Inputs["rollbacks"] > 0 && rework.Inputs["remediations"] > 0 && rework.Inputs["emergency"] > 0 && rework.Inputs["problem-fixes"] == 1,
            string.Join(", ", rework.Inputs.Select(i => $"{i.Key} {i.Value}")));
        var success = report[Metrics.ChangeSuccessRate];
        Assert.True(success.Inputs["successful"] > 0 && success.Inputs["failed"] > 0, $"{success.Inputs["successful"]} successful, {success.Inputs["failed"]} failed");
        Assert.True(report[Metrics.ChangeFailRate].Inputs["rolled-back"] > 0);
        Assert.True(report[Metrics.ChangeFailRate].Inputs["remediated"] > 0);
    }

    [Fact]
    public async Task Every_confirmed_cause_names_a_production_deployment_of_the_incident_service_and_the_change_it_implemented()
    {
        await using var scope = demo.Store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        var causes = await db.IncidentCauses.AsNoTracking().Include(c => c.Incident!).ThenInclude(i => i.Services)
            .Include(c => c.Deployment).Include(c => c.Change).Include(c => c.RemediatedBy).ToListAsync();
        Assert.NotEmpty(causes);
        Assert.Contains(causes, c => c.RemediatedBy is not null);
        foreach (var cause in causes)
        {
            var deployment = cause.Deployment ?? throw new Xunit.Sdk.XunitException($"The cause of {cause.Incident!.Number} names no deployment.");
            Assert.Equal(EnvironmentTier.Production, deployment.EnvironmentTier);
            Assert.True(deployment.DeployedAt <= cause.Incident!.StartedAt, $"{cause.Incident.Number} began before deployment {deployment.Id}");
            Assert.Contains(cause.Incident.Services, s => s.ServiceId == deployment.ServiceId);
            Assert.NotNull(cause.Change);
            Assert.Equal(deployment.Id, cause.Change.DeploymentId);
            Assert.Equal(ChangeOutcome.Failed, cause.Change.Outcome);
            if (cause.RemediatedBy is { } remedy)
            {
                Assert.Equal((deployment.ServiceId, deployment.EnvironmentId), (remedy.ServiceId, remedy.EnvironmentId));
                Assert.True(remedy.DeployedAt > deployment.DeployedAt);
                Assert.Contains(await db.Changes.Where(c => c.DeploymentId == remedy.Id).Select(c => c.Type).ToListAsync(), t => t == ChangeType.Emergency);
            }
        }
    }

    private async Task<MetricsReport> ReportAsync(string? team)
    {
        await using var scope = demo.Store.Scope();
        var report = await scope.ServiceProvider.GetRequiredService<MetricsEngine>().ReportAsync(new MetricsRequest(Team: team), default);
        Assert.True(report.Succeeded, report.Error?.Message);
        foreach (var figure in report.Value.Figures)
            output.WriteLine($"{team ?? "organisation"} {figure.Metric}: {figure.Value} {figure.Band} [{string.Join(", ", figure.Inputs.Select(i => $"{i.Key} {i.Value}"))}]");
        return report.Value;
    }

    private static double? Median(IEnumerable<MetricPoint> points) => Distribution.Of(points.Where(p => p.Value is not null).Select(p => p.Value!.Value)).Median;

    private static Band? LeadBand(DeliveryMetrics delivery, MetricsWindow window, BandSet bands) =>
        Distribution.Of(delivery.ChangesIn(window).Where(c => c.Lead > 0).Select(c => c.Lead!.Value / 3600.0)).Median is { } hours
            ? bands.LeadTime!.Of(TimeSpan.FromHours(hours))
            : null;

    private static Band? FailBand(DeliveryMetrics delivery, MetricsWindow window, BandSet bands)
    {
        var deployments = delivery.DeploymentsIn(window).ToList();
        return deployments.Count == 0 ? null : bands.ChangeFailRate!.Of((double)deployments.Count(d => d.Failed) / deployments.Count);
    }
}
