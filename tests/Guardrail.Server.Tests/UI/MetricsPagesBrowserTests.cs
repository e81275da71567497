using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Measurement;
using Guardrail.Server.Pages.Dashboards;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Incidents;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guardrail.Server.Tests.UI;

/// <summary>
/// The dashboards against the API on a history made through the public endpoints: what the pages show is what
/// <c>GET /api/v1/metrics</c> answers for the same filters, and every figure opens onto as many records as it counts.
/// </summary>
public sealed class MetricsPagesBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>A team's service with five production deployments (one failed, one remediating it), a staging one, and a second service of the team.</summary>
    private sealed record History(string Team, string Service, IReadOnlyList<long> Deployments, string Incident);

    [Fact]
    public async Task The_overview_and_a_service_dashboard_show_the_api_figures_and_open_onto_as_many_records()
    {
        var history = await SeedAsync();
        var admin = await app.ClientAsAsync(Role.Admin);
        var page = await app.NewSignedInPageAsync(Role.Reader);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Practices" }).GetByRole(AriaRole.Link, new() { Name = "Metrics" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Metrics of Organisation" })).ToBeVisibleAsync();

        await page.GotoAsync($"/dashboards?service={history.Service}");
        var service = await ReportAsync(admin, $"service={history.Service}");
        await ExpectFiguresAsync(page.Locator("main"), service, Metrics.All);
        var cards = page.Locator(".figures.dora");
        await Expect(cards.Locator("#figure-deployment-frequency .inputs")).ToHaveTextAsync("5 deployments on 5 days");
        await Expect(cards.Locator("#figure-change-fail-rate .value")).ToHaveTextAsync("20.0%");
        await Expect(cards.Locator("#figure-change-fail-rate .inputs")).ToHaveTextAsync("1 of 5 deployments");
        await Expect(cards.Locator("#figure-change-fail-rate .band")).ToHaveTextAsync("low");
        await Expect(cards.Locator("#figure-rework-rate .inputs")).ToHaveTextAsync("1 of 5 deployments");
        // Deployed ten days ago, remediated five days later: the incident resolved today does not lengthen it.
        await Expect(cards.Locator("#figure-recovery-time .value")).ToHaveTextAsync("5.0 d");
        await Expect(cards.Locator("#figure-recovery-time .band")).ToHaveTextAsync("medium");
        await Expect(cards.Locator("#figure-recovery-time .unrecovered")).ToHaveTextAsync("0 failures not recovered");
        // Lead times of 1 day, 2 days (the pull request's first commit), 1 day and 6 hours: the median is a day.
        await Expect(cards.Locator("#figure-lead-time .value")).ToHaveTextAsync("1.0 d");
        await Expect(cards.Locator("#figure-lead-time .inputs")).ToHaveTextAsync("4 changes");
        await Expect(cards.Locator("#figure-lead-time .band")).ToHaveTextAsync("high");
        await Expect(cards.Locator("#figure-lead-time [data-part=review] strong")).ToHaveTextAsync("12.0 h");
        await Expect(page.Locator("#figure-mtrs .inputs")).ToHaveTextAsync("1 incident");
        await Expect(page.Locator("canvas[data-points='12']")).ToHaveCountAsync(Metrics.Dora.Count);

        await page.GotoAsync($"/services/{history.Service}");
        await ExpectFiguresAsync(page.Locator("#delivery-metrics"), service, Metrics.Dora);
        await page.GotoAsync($"/teams/{history.Team}");
        var team = await ReportAsync(admin, $"team={history.Team}");
        await ExpectFiguresAsync(page.Locator("#delivery-metrics"), team, Metrics.Dora);
        await Expect(page.Locator("#delivery-metrics #figure-deployment-frequency .inputs")).ToHaveTextAsync("7 deployments on 7 days");

        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var (from, to) = (today.AddDays(-30), today);
        await page.GotoAsync($"/dashboards?from={Day(from)}&to={Day(to)}");
        var organisation = await ReportAsync(admin, $"from={Midnight(from)}&to={Midnight(to.AddDays(1))}");
        await ExpectFiguresAsync(page.Locator("main"), organisation, Metrics.All);
        await Expect(page.Locator("#scope-window")).ToHaveTextAsync($"{Day(from)} 00:00 UTC to {Day(to.AddDays(1))} 00:00 UTC");

        await page.GotoAsync($"/dashboards?service={history.Service}");
        await page.Locator("#figure-change-fail-rate .value").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change fail rate: the records behind it" })).ToBeVisibleAsync();
        var deployments = Figure(service, Metrics.ChangeFailRate).Inputs["deployments"];
        await Expect(page.Locator("#records tbody tr")).ToHaveCountAsync((int)deployments);
        await Expect(page.Locator("#record-count")).ToHaveTextAsync($"{deployments} records");
        var failedRow = page.Locator("#records tbody tr").Filter(new() { Has = page.Locator($"td[data-column=deployment] a[href='/deployments/{history.Deployments[2]}']") });
        await Expect(failedRow.Locator("td[data-column=failed]")).ToHaveTextAsync("yes");
        await Expect(failedRow.Locator("td[data-column=caused_incidents] a")).ToHaveAttributeAsync("href", $"/incidents/{history.Incident}");
        await Expect(failedRow.Locator("td[data-column=remediated_by] a")).ToHaveAttributeAsync("href", $"/deployments/{history.Deployments[3]}");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        Assert.Equal("change-fail-rate.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Equal(deployments, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        Assert.Equal(await admin.GetStringAsync($"/api/v1/metrics/change-fail-rate/records?format=csv&service={history.Service}"), csv);

        await page.GotoAsync($"/dashboards?service={history.Service}");
        await page.Locator("#figure-lead-time .value").ClickAsync();
        var lead = Figure(service, Metrics.LeadTime);
        await Expect(page.Locator("#records tbody tr")).ToHaveCountAsync((int)(lead.Inputs["changes"] + lead.Inputs["excluded"]));
        await Expect(page.Locator("#records td[data-column=kind]").GetByText("pull-request", new() { Exact = true })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_comparison_shows_each_figure_before_and_after_with_the_change_and_whether_it_improved()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync("production");
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var (beforeFrom, beforeTo, afterFrom, afterTo) = (today.AddDays(-59), today.AddDays(-30), today.AddDays(-29), today);
        await DeployAsync(world, target, At(today.AddDays(-45)));
        foreach (var daysAgo in new[] { 20, 15, 10, 5 })
            await DeployAsync(world, target, At(today.AddDays(-daysAgo)));
        var admin = await app.ClientAsAsync(Role.Admin);
        var page = await app.NewSignedInPageAsync(Role.Reader);

        await page.GotoAsync($"/dashboards/compare?service={target.Service}&beforeFrom={Day(beforeFrom)}&beforeTo={Day(beforeTo)}&afterFrom={Day(afterFrom)}&afterTo={Day(afterTo)}");

        var before = await ReportAsync(admin, $"service={target.Service}&from={Midnight(beforeFrom)}&to={Midnight(beforeTo.AddDays(1))}");
        var after = await ReportAsync(admin, $"service={target.Service}&from={Midnight(afterFrom)}&to={Midnight(afterTo.AddDays(1))}");
        foreach (var metric in Metrics.All)
        {
            var row = page.Locator($"#compare-{metric}");
            Assert.Equal(Figure(before, metric).Value, Number(await row.GetAttributeAsync("data-before")));
            Assert.Equal(Figure(after, metric).Value, Number(await row.GetAttributeAsync("data-after")));
            await Expect(row.Locator(".before .value")).ToHaveTextAsync(MetricDisplay.Value(ToFigure(Figure(before, metric))));
            await Expect(row.Locator(".after .value")).ToHaveTextAsync(MetricDisplay.Value(ToFigure(Figure(after, metric))));
        }
        // One deployment in 30 days, then four: 0.2 a week, then 0.9, up by 0.7 a week.
        var frequency = page.Locator("#compare-deployment-frequency");
        await Expect(frequency.Locator(".before .value")).ToHaveTextAsync("0.2 per week");
        await Expect(frequency.Locator(".after .value")).ToHaveTextAsync("0.9 per week");
        await Expect(frequency.Locator(".change")).ToHaveTextAsync("▲ +0.7 per week better");
        await Expect(page.Locator("#compare-change-fail-rate .change")).ToHaveTextAsync("= ±0.0 pp unchanged");
        await Expect(page.Locator("#compare-lead-time .change")).ToHaveTextAsync("no figure to compare");

        await frequency.Locator(".before .value").ClickAsync();
        await Expect(page.Locator("#records tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("input[name=from]")).ToHaveValueAsync(Day(beforeFrom));
        await Expect(page.Locator("input[name=to]")).ToHaveValueAsync(Day(beforeTo));
    }

    [Fact]
    public async Task Bad_filters_answer_400_with_the_message_on_the_page()
    {
        var page = await app.NewSignedInPageAsync(Role.Reader);
        var cases = new (string Path, int Status, string Message)[]
        {
            ("/dashboards?service=no-such-service", 400, "No service 'no-such-service' exists."),
            ("/dashboards?team=no-such-team", 400, "No team 'no-such-team' exists."),
            ("/dashboards?window=fortnight", 400, "'fortnight' is not a window"),
            ("/dashboards?window=2026-W60", 400, "2026 has no ISO week 60."),
            ("/dashboards?window=90d&from=2026-01-01", 400, "Give either 'window' or 'from'/'to', not both."),
            ("/dashboards?from=2026-02-30", 400, "'from' is a date written yyyy-MM-dd, not '2026-02-30'."),
            ("/dashboards?from=2026-03-01&to=2026-01-31", 400, "'from' must be before 'to'."),
            ("/dashboards?bands=dora-1999", 400, "No band set 'dora-1999'"),
            ("/dashboards?environment=no-such-environment", 400, "No environment 'no-such-environment' exists"),
            ("/dashboards/records/lead-time?window=fortnight", 400, "'fortnight' is not a window"),
            ("/dashboards/records/lead-time?handler=csv&window=fortnight", 400, "'fortnight' is not a window"),
            ("/dashboards/records/lead-time?pageNumber=0", 400, "'pageNumber' counts from 1."),
            ("/dashboards/records/no-such-metric", 404, "No metric 'no-such-metric' exists."),
            ("/dashboards/compare?afterFrom=2026-02-01", 400, "Give both dates of the 'after' period, or neither."),
            ("/dashboards/compare?beforeFrom=2026-02-01&beforeTo=2026-01-01", 400, "The 'before' period ends before it starts."),
            ("/dashboards/compare?service=no-such-service", 400, "No service 'no-such-service' exists."),
        };
        foreach (var (path, status, message) in cases)
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Status == status, $"{path} answered {response.Status}");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(message);
        }

        await page.GotoAsync("/dashboards?window=fortnight");
        await Expect(page.Locator("input[name=window]")).ToHaveClassAsync("invalid");
        await Expect(page.Locator("input[name=window]")).ToHaveValueAsync("fortnight");
    }

    private async Task<History> SeedAsync()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var admin = world.Admin;
        var target = await world.TargetAsync("production");
        var other = await world.TargetAsync("production", team: target.Team, environment: target.Environment);
        var staging = Json.Unique("stag");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/environments", new EnvironmentRequest(staging, "Staging " + staging, "staging"))).StatusCode);

        var now = app.Clock.GetUtcNow();
        var repository = $"github.com/acme/{Json.Unique("shop")}";
        var integration = Json.Unique("gh");
        var (_, secret) = await Webhooks.CreateIntegrationAsync(admin, "github", integration);
        async Task SendAsync(string eventType, JsonNode payload)
        {
            var accepted = await app.CreateClient().SendAsync(Webhooks.Github($"/hooks/github/{integration}", secret, eventType, Webhooks.Bytes(payload)));
            var delivery = await Webhooks.ProcessedAsync(admin, await accepted.AcceptedIdAsync());
            Assert.True(delivery["status"]!.GetValue<string>() == "processed", delivery.ToJsonString());
        }
        string Iso(TimeSpan ago) => (now - ago).ToString("O", CultureInfo.InvariantCulture);

        var (c1, feature, merge, c3, c4) = (GithubEvents.Sha("c1"), GithubEvents.Sha("f1"), GithubEvents.Sha("m1"), GithubEvents.Sha("c3"), GithubEvents.Sha("c4"));
        await SendAsync("push", GithubEvents.Push(repository, "refs/heads/main", GithubEvents.NoCommit, (c1, Iso(TimeSpan.FromDays(21)))));
        await SendAsync("push", GithubEvents.Push(repository, "refs/heads/feature", GithubEvents.NoCommit, (feature, Iso(TimeSpan.FromDays(17)))));
        await SendAsync("pull_request", GithubEvents.MergedPullRequest(repository, 7, feature, merge, Iso(TimeSpan.FromDays(16)), openedAt: Iso(TimeSpan.FromDays(16.5))));
        await SendAsync("push", GithubEvents.Push(repository, "refs/heads/main", c1, (feature, Iso(TimeSpan.FromDays(17))), (merge, Iso(TimeSpan.FromDays(16)))));
        await SendAsync("push", GithubEvents.Push(repository, "refs/heads/main", merge, (c3, Iso(TimeSpan.FromDays(11)))));
        await SendAsync("push", GithubEvents.Push(repository, "refs/heads/main", c3, (c4, Iso(TimeSpan.FromDays(5.25)))));

        var deployments = new List<long>
        {
            await DeployAsync(world, target, now.AddDays(-20), repository, c1),
            await DeployAsync(world, target, now.AddDays(-15), repository, feature, merge),
            await DeployAsync(world, target, now.AddDays(-10), repository, c3),
            await DeployAsync(world, target, now.AddDays(-5), repository, c4),
            await DeployAsync(world, target, now.AddDays(-2)),
        };
        await DeployAsync(world, target with { Environment = staging }, now.AddDays(-1));
        await DeployAsync(world, other, now.AddDays(-12));
        await DeployAsync(world, other, now.AddDays(-3));

        var incident = await IncidentCalls.CreateAsync(admin, new IncidentRequest("Checkout errors after the release", "high", "high",
            Services: [target.Service], StartedAt: now.AddDays(-10).AddHours(1).UtcDateTime));
        var number = IncidentCalls.Number(incident);
        await IncidentCalls.MovedAsync(admin, incident, "acknowledge");
        var cause = await IncidentCalls.ExpectAsync(await admin.PostAsJsonAsync($"/api/v1/incidents/{number}/causes", new ConfirmCauseRequest(deployments[2])), HttpStatusCode.Created);
        await IncidentCalls.ExpectAsync(await admin.PostAsJsonAsync($"/api/v1/incidents/{number}/causes/{cause["id"]}/remediation", new RemediationRequest(deployments[3])),
            HttpStatusCode.OK);
        await IncidentCalls.MovedAsync(admin, await IncidentCalls.GetAsync(admin, number), "resolve", notes: "The fix went out.");

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LeadTimeProjection>().ProjectAllAsync(CancellationToken.None);
        return new History(target.Team, target.Service, deployments, number);
    }

    private static async Task<long> DeployAsync(ChangeWorld world, Target target, DateTimeOffset at, string? repository = null, params string[] commits)
    {
        var response = await (await world.PipelineAsync()).PostAsJsonAsync("/api/v1/events/deployments", new DeploymentEventRequest(
            Json.Unique("deploy"), target.Service, target.Environment, "succeeded", CommitSha: commits.LastOrDefault(), Repository: repository, At: at,
            Commits: commits.Length == 0 ? null : commits));
        var deployment = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, deployment.ToJsonString());
        return deployment["id"]!.GetValue<long>();
    }

    private static async Task<MetricsReportResponse> ReportAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<MetricsReportResponse>($"/api/v1/metrics?{query}", JsonSerializerOptions.Web))!;

    private static MetricFigureResponse Figure(MetricsReportResponse report, string metric) => report.Figures.Single(f => f.Metric == metric);

    /// <summary>Each figure on the page as the API gives it: the exact value and p90, the words people read, the band.</summary>
    private static async Task ExpectFiguresAsync(ILocator scope, MetricsReportResponse report, IEnumerable<string> metrics)
    {
        foreach (var metric in metrics)
        {
            var expected = Figure(report, metric);
            var figure = scope.Locator($"#figure-{metric}");
            await Expect(figure).ToHaveCountAsync(1);
            Assert.True(expected.Value == Number(await figure.GetAttributeAsync("data-value")), $"{metric}: the page shows {await figure.GetAttributeAsync("data-value")}, the API {expected.Value}");
            Assert.Equal(expected.P90, Number(await figure.GetAttributeAsync("data-p90")));
            var shown = ToFigure(expected);
            await Expect(figure.Locator(".value")).ToHaveTextAsync(MetricDisplay.Value(shown));
            await Expect(figure.Locator(".inputs")).ToHaveTextAsync(MetricDisplay.Inputs(shown));
            if (expected.Band is null)
                await Expect(figure.Locator(".band")).ToHaveCountAsync(0);
            else
                await Expect(figure.Locator(".band")).ToHaveTextAsync(expected.Band);
        }
    }

    private static MetricFigure ToFigure(MetricFigureResponse figure) => new(
        figure.Metric, figure.Title, WireNames.TryParse<MetricUnit>(figure.Unit, out var unit) ? unit : throw new InvalidOperationException(figure.Unit),
        figure.Value, figure.P90, figure.Band is { } text && WireNames.TryParse<Band>(text, out var band) ? band : null, figure.Inputs,
        [.. figure.Parts.Select(p => new MetricPart(p.Name, p.Value, p.P90, p.Count))], []);

    /// <summary>A data attribute's number; Razor writes a data attribute of no value as empty rather than leave it out.</summary>
    private static double? Number(string? text) => string.IsNullOrEmpty(text) ? null : double.Parse(text, CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Midnight(DateOnly day) => Uri.EscapeDataString(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z");

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
}
