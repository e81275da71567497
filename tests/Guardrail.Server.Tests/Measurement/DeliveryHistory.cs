using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Measurement;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Measurement;

/// <summary>A commit pushed to a service's repository, authored at <see cref="AuthoredAt"/>.</summary>
public sealed record SeedCommit(string Sha, DateTimeOffset AuthoredAt)
{
    public static SeedCommit At(DateTimeOffset authoredAt) => new(ChangeWorld.Sha(), authoredAt);
}

/// <summary>
/// Builds a delivery and incident history through the API, as the toolchain would report it: commits pushed to GitHub
/// (signed webhooks), production deployments listing the commits they shipped, incidents on services, confirmed causes.
/// </summary>
public sealed partial class DeliveryHistory(GuardrailApp app, ChangeWorld world, string integration, string secret)
{
    public static async Task<DeliveryHistory> CreateAsync(GuardrailApp app)
    {
        var world = await ChangeWorld.CreateAsync(app);
        var name = Json.Unique("gh");
        var (_, secret) = await Webhooks.CreateIntegrationAsync(world.Admin, "github", name);
        return new DeliveryHistory(app, world, name, secret);
    }

    public ChangeWorld World => world;

    public HttpClient Admin => world.Admin;

    /// <summary>Now on the server's clock.</summary>
    public DateTimeOffset Now => app.Clock.GetUtcNow();

    public static string Repository(Target target) => $"github.com/acme/{target.Service}";

    /// <summary>
    /// Pushes <paramref name="commits"/> to the service's repository, then reports a successful production deployment at
    /// <paramref name="at"/> that shipped exactly them; returns the deployment's id.
    /// </summary>
    public async Task<long> DeployAsync(Target target, DateTimeOffset at, params SeedCommit[] commits)
    {
        if (commits.Length > 0)
            await PushAsync(target, commits);
        var pipeline = await world.PipelineAsync();
        var response = await pipeline.PostAsJsonAsync("/api/v1/events/deployments", new DeploymentEventRequest(
            Json.Unique("deploy"), target.Service, target.Environment, "succeeded", CommitSha: commits.Length > 0 ? commits[^1].Sha : ChangeWorld.Sha(),
            Repository: Repository(target), At: at, Commits: commits.Length > 0 ? [.. commits.Select(c => c.Sha)] : null));
        var deployment = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, deployment.ToJsonString());
        return deployment["id"]!.GetValue<long>();
    }

    /// <summary>
    /// Declares a high-impact, high-urgency incident on <paramref name="services"/> whose impact began at
    /// <paramref name="startedAt"/>; confirms <paramref name="causedBy"/> as its cause, then acknowledges and resolves it
    /// unless it is to stay open. Returns its number.
    /// </summary>
    public async Task<string> IncidentAsync(IReadOnlyList<string> services, DateTimeOffset startedAt, long? causedBy = null, bool resolve = true, string? reporterEmail = null)
    {
        var created = await world.Admin.PostAsJsonAsync("/api/v1/incidents", new IncidentRequest(
            "Checkout errors", "high", "high", Services: services, StartedAt: startedAt.UtcDateTime, ReporterName: "Ana", ReporterEmail: reporterEmail));
        var body = await created.ReadJsonAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        var number = ChangeWorld.Text(body["incident"]!["number"]);
        if (causedBy is { } deployment)
        {
            var confirmed = await world.Admin.PostAsJsonAsync($"/api/v1/incidents/{number}/causes", new ConfirmCauseRequest(deployment));
            Assert.True(confirmed.StatusCode == HttpStatusCode.Created, (await confirmed.ReadJsonAsync()).ToJsonString());
        }
        if (resolve)
        {
            await MoveAsync(number, "acknowledge");
            await MoveAsync(number, "resolve");
        }
        return number;
    }

    /// <summary>
    /// A change record through the pipeline gate (tests and scan passed), approved by as many people as its route needs, then
    /// closed with <paramref name="outcome"/>; returns its number.
    /// </summary>
    public async Task<string> ChangeAsync(Target target, string outcome)
    {
        var decision = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));
        var number = ChangeWorld.Text(decision["change"]);
        for (var vote = 0; vote < (decision["quorum"]?.GetValue<int>() ?? 0); vote++)
        {
            var approver = await world.PersonAsync(team: target.Team);
            var approved = await approver.Client.PostAsJsonAsync($"/api/v1/changes/{number}/approve", new VoteRequest());
            Assert.True(approved.StatusCode == HttpStatusCode.OK, (await approved.ReadJsonAsync()).ToJsonString());
        }
        await world.OutcomeAsync(number, outcome);
        return number;
    }

    /// <summary>Answers the satisfaction survey of a resolved incident through its link, as its reporter would.</summary>
    public async Task AnswerSurveyAsync(string incident, int rating)
    {
        var survey = await (await world.Admin.GetAsync($"/api/v1/incidents/{incident}/survey")).ReadJsonAsync();
        var link = ChangeWorld.Text(survey["link"]);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await (await browser.GetAsync(link)).Content.ReadAsStringAsync();
        var antiforgery = AntiforgeryField().Match(form);
        Assert.True(antiforgery.Success, $"{link} shows no form: {form}");
        var answered = await browser.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery.Groups[1].Value,
            ["rating"] = rating.ToString(CultureInfo.InvariantCulture),
        }));
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
    }

    /// <summary>Counts the changes the deployments delivered, as the server's background projection does.</summary>
    public async Task ProjectLeadTimesAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LeadTimeProjection>().ProjectAllAsync(CancellationToken.None);
    }

    /// <summary>The figures of <c>GET /api/v1/metrics</c> with the given query, by metric name.</summary>
    public async Task<Dictionary<string, JsonNode>> FiguresAsync(string query = "")
    {
        var reader = await app.ClientAsAsync(Role.Reader);
        var response = await reader.GetAsync($"/api/v1/metrics{query}");
        var report = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToJsonString());
        return report["figures"]!.AsArray().ToDictionary(f => ChangeWorld.Text(f!["metric"]), f => f!);
    }

    private async Task MoveAsync(string incident, string action)
    {
        var version = (await (await world.Admin.GetAsync($"/api/v1/incidents/{incident}")).ReadJsonAsync())["incident"]!["version"]!.GetValue<long>();
        var moved = await world.Admin.PostAsJsonAsync($"/api/v1/incidents/{incident}/transitions",
            new IncidentTransitionRequest(action, version, ResolutionNotes: action == "resolve" ? "Rolled the pool size back." : null));
        Assert.True(moved.StatusCode == HttpStatusCode.OK, (await moved.ReadJsonAsync()).ToJsonString());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private async Task PushAsync(Target target, SeedCommit[] commits)
    {
        var payload = Webhooks.GithubPayload("github-webhooks/captured-merged-pr-reallyfastci/webhook-push-to-master.json", Repository(target));
        var template = payload["commits"]![0]!.ToJsonString();
        var list = new JsonArray();
        foreach (var commit in commits)
        {
            var pushed = JsonNode.Parse(template)!;
            pushed["id"] = commit.Sha;
            pushed["timestamp"] = commit.AuthoredAt.ToString("O");
            pushed["message"] = $"Commit {commit.Sha[..7]}";
            list.Add(pushed);
        }
        payload["before"] = "0000000000000000000000000000000000000000";
        payload["after"] = commits[^1].Sha;
        payload["commits"] = list;
        payload["head_commit"] = list[^1]!.DeepClone();
        payload["forced"] = false;
        var sent = await app.CreateClient().SendAsync(Webhooks.Github($"/hooks/github/{integration}", secret, "push", Webhooks.Bytes(payload)));
        var processed = await Webhooks.ProcessedAsync(world.Admin, await sent.AcceptedIdAsync());
        Assert.True(ChangeWorld.Text(processed["status"]) == "processed", processed.ToJsonString());
    }
}
