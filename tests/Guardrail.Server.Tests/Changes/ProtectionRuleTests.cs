using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Changes;

/// <summary>
/// GitHub custom deployment protection rules: a signed <c>deployment_protection_rule</c> delivery is put to the gate, and
/// the decision goes back to GitHub's callback URL (here a fake GitHub API on a loopback socket).
/// </summary>
public sealed class ProtectionRuleTests(ChangeApp app) : IClassFixture<ChangeApp>
{
    private const string DeploymentSample = "github-webhooks/octokit-webhooks/deployment/payload.json";
    private const string GithubToken = "ghs_installation-token-for-tests";

    private async Task<(ChangeWorld World, string HookPath, string Secret, RecordingReceiver Github)> SetUpAsync()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var github = await RecordingReceiver.StartAsync();
        var name = Json.Unique("gh");
        var (_, secret) = await Webhooks.CreateIntegrationAsync(world.Admin, "github", name);
        var target = await world.Admin.PostJsonAsync("/api/v1/outbound-targets",
            new { kind = "github-deployment-review", name = Json.Unique("gh-review"), url = new Uri(github.BaseUrl, "repos/").ToString(), secret = GithubToken });
        Assert.True(target.StatusCode == HttpStatusCode.Created, await target.Content.ReadAsStringAsync());
        return (world, $"/hooks/github/{name}", secret, github);
    }

    /// <summary>
    /// The request GitHub sends (octokit/webhooks deployment_protection_rule/requested): the repository, sender and deployment
    /// of a real deployment delivery, moved to the test's own repository, with the environment, event and callback added.
    /// </summary>
    private static (JsonNode Payload, string CallbackPath) ProtectionRuleRequested(RecordingReceiver github, string repository, string environment)
    {
        var deployment = Webhooks.GithubPayload(DeploymentSample, repository);
        var fullName = ChangeWorld.Text(deployment["repository"]!["full_name"]);
        var callbackPath = $"/repos/{fullName}/actions/runs/{Random.Shared.Next(1, int.MaxValue)}/deployment_protection_rule";
        var payload = new JsonObject
        {
            ["action"] = "requested",
            ["environment"] = environment,
            ["event"] = "push",
            ["deployment_callback_url"] = new Uri(github.BaseUrl, callbackPath).ToString(),
            ["deployment"] = deployment["deployment"]!.DeepClone(),
            ["pull_requests"] = new JsonArray(),
            ["repository"] = deployment["repository"]!.DeepClone(),
            ["sender"] = deployment["sender"]!.DeepClone(),
        };
        payload["deployment"]!["environment"] = environment;
        return (payload, callbackPath);
    }

    private async Task DeliverAndAnswerAsync(ChangeWorld world, string hookPath, string secret, JsonNode payload)
    {
        var accepted = await app.CreateClient().SendAsync(Webhooks.Github(hookPath, secret, "deployment_protection_rule", Webhooks.Bytes(payload)));
        var delivery = await Webhooks.ProcessedAsync(world.Admin, await accepted.AcceptedIdAsync());
        Assert.True(ChangeWorld.Text(delivery["status"]) == "processed", delivery.ToJsonString());
        // The follow-up service puts the recorded rule to the gate on its next tick (every 200 ms here).
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        var callbackUrl = ChangeWorld.Text(payload["deployment_callback_url"]);
        for (var attempt = 0; !await db.ProtectionRuleRequests.AnyAsync(r => r.CallbackUrl == callbackUrl && r.AnsweredAt != null); attempt++)
        {
            Assert.True(attempt < 600, "The follow-up never answered the protection rule.");
            await Task.Delay(100);
        }
    }

    private static void AssertGithubReview(RecordedRequest review, string environment, string state)
    {
        Assert.Equal("POST", review.Method);
        Assert.Equal($"Bearer {GithubToken}", review.Headers.GetValueOrDefault("authorization"));
        Assert.Equal("application/vnd.github+json", review.Headers.GetValueOrDefault("accept"));
        Assert.False(string.IsNullOrEmpty(review.Headers.GetValueOrDefault("x-github-api-version")));
        var body = JsonNode.Parse(review.Body)!;
        Assert.Equal(environment, ChangeWorld.Text(body["environment_name"]));
        Assert.Equal(state, ChangeWorld.Text(body["state"]));
        Assert.False(string.IsNullOrWhiteSpace(ChangeWorld.Text(body["comment"])));
    }

    private async Task<(Target Target, string Repository)> MappedTargetAsync(ChangeWorld world, string tier, string criticality, string toolEnvironment)
    {
        var target = await world.TargetAsync(tier, criticality);
        var repository = $"github.com/{Json.Unique("acme")}/hello-world";
        Assert.Equal(HttpStatusCode.Created, (await world.Admin.PostAsJsonAsync("/api/v1/deployments/mapping-rules",
            new MappingRuleRequest(repository, null, toolEnvironment, target.Service, target.Environment))).StatusCode);
        return (target, repository);
    }

    [Fact]
    public async Task A_low_risk_deployment_is_approved_on_github_at_once()
    {
        var (world, hookPath, secret, github) = await SetUpAsync();
        await using var _ = github;
        var (target, repository) = await MappedTargetAsync(world, "test", "tier4", "qa");
        var (payload, callbackPath) = ProtectionRuleRequested(github, repository, "qa");

        await DeliverAndAnswerAsync(world, hookPath, secret, payload);

        AssertGithubReview(await github.RequestToAsync(callbackPath), "qa", "approved");
        var change = Assert.Single((await (await world.Admin.GetAsync($"/api/v1/changes?service={target.Service}")).ReadJsonAsync())["items"]!.AsArray())!;
        Assert.Equal(("scheduled", "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"), (ChangeWorld.Text(change["state"]), ChangeWorld.Text(change["commit"])));
    }

    [Fact]
    public async Task A_deployment_waiting_for_approval_is_approved_on_github_after_the_vote()
    {
        var (world, hookPath, secret, github) = await SetUpAsync();
        await using var _ = github;
        var (target, repository) = await MappedTargetAsync(world, "production", "tier4", "production");
        var manager = await world.PersonAsync("change-manager");
        var (payload, callbackPath) = ProtectionRuleRequested(github, repository, "production");

        await DeliverAndAnswerAsync(world, hookPath, secret, payload);
        var change = Assert.Single((await (await world.Admin.GetAsync($"/api/v1/changes?service={target.Service}")).ReadJsonAsync())["items"]!.AsArray())!;
        Assert.Equal("authorisation", ChangeWorld.Text(change["state"]));
        Assert.DoesNotContain(github.Received, r => r.Path == callbackPath);
        var voted = await manager.Client.PostAsJsonAsync($"/api/v1/changes/{ChangeWorld.Text(change["number"])}/approve", new { });
        Assert.Equal(HttpStatusCode.OK, voted.StatusCode);

        AssertGithubReview(await github.RequestToAsync(callbackPath), "production", "approved");
    }

    [Fact]
    public async Task An_unmapped_repository_is_rejected_on_github_with_the_reason()
    {
        var (world, hookPath, secret, github) = await SetUpAsync();
        await using var _ = github;
        var (payload, callbackPath) = ProtectionRuleRequested(github, $"github.com/{Json.Unique("nobody")}/hello-world", "production");

        await DeliverAndAnswerAsync(world, hookPath, secret, payload);

        var review = await github.RequestToAsync(callbackPath);
        AssertGithubReview(review, "production", "rejected");
        Assert.Contains("Guardrail cannot assess this deployment", ChangeWorld.Text(JsonNode.Parse(review.Body)!["comment"]), StringComparison.Ordinal);
        Assert.Contains("hello-world", ChangeWorld.Text(JsonNode.Parse(review.Body)!["comment"]), StringComparison.Ordinal);
    }
}
