using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Server.Tests.Support.GithubEvents;

namespace Guardrail.Server.Tests.Integrations;

/// <summary>
/// Pushes, a merged pull request and production deployments arrive as signed GitHub deliveries; each deployment's
/// shipped set is exactly the commits pushed since the previous one, and a first deployment says it cannot know.
/// </summary>
public sealed class ShippedSetStoryTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task The_second_production_deployment_shipped_exactly_the_commits_pushed_in_between()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("gh");
        var (_, secret) = await Webhooks.CreateIntegrationAsync(admin, "github", name);
        var repository = $"github.com/acme/{Json.Unique("shop")}";
        var (service, _) = await Webhooks.CreateProductionServiceAsync(admin, repository);
        var (c1, c2, c3, f1, merge, later) = (Sha("c1"), Sha("c2"), Sha("c3"), Sha("f1"), Sha("m1"), Sha("c4"));

        async Task SendAsync(string eventType, JsonNode payload) =>
            await Webhooks.ProcessedAsync(admin, await (await app.CreateClient().SendAsync(
                Webhooks.Github($"/hooks/github/{name}", secret, eventType, Webhooks.Bytes(payload)))).AcceptedIdAsync());

        await SendAsync("push", Push(repository, "refs/heads/main", NoCommit, (c1, "2026-11-02T09:00:00+01:00")));
        await SendAsync("deployment_status", DeploymentStatus(repository, 9001, c1, "2026-11-02T10:00:00Z"));
        await SendAsync("push", Push(repository, "refs/heads/main", c1, (c2, "2026-11-03T09:00:00+01:00"), (c3, "2026-11-03T09:30:00+01:00")));
        await SendAsync("push", Push(repository, "refs/heads/feature", NoCommit, (f1, "2026-11-01T08:00:00-05:00")));
        await SendAsync("pull_request", MergedPullRequest(repository, 7, head: f1, mergeCommit: merge, "2026-11-03T12:00:00Z"));
        await SendAsync("push", Push(repository, "refs/heads/main", c3, (f1, "2026-11-01T08:00:00-05:00"), (merge, "2026-11-03T12:00:00Z")));
        await SendAsync("deployment_status", DeploymentStatus(repository, 9002, merge, "2026-11-03T13:00:00Z"));
        await SendAsync("deployment_status", DeploymentStatus(repository, 9003, merge, "2026-11-03T14:00:00Z"));
        await SendAsync("push", Push(repository, "refs/heads/main", later, (Sha("c5"), "2026-11-04T09:00:00Z")));
        await SendAsync("deployment_status", DeploymentStatus(repository, 9004, Sha("c5"), "2026-11-04T10:00:00Z"));

        var deployments = (await (await admin.GetAsync($"/api/v1/deployments?service={service}")).ReadJsonAsync())["items"]!.AsArray()
            .ToDictionary(d => d!["providerDeploymentId"]!.GetValue<string>(), d => d!);
        var first = await DetailAsync(admin, deployments["9001"]);
        var second = await DetailAsync(admin, deployments["9002"]);
        var redeploy = await DetailAsync(admin, deployments["9003"]);
        var afterGap = await DetailAsync(admin, deployments["9004"]);

        Assert.Equal("unknown", first["deployment"]!["shippedSet"]!.GetValue<string>());
        Assert.Contains("first deployment", first["deployment"]!["shippedSetNote"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(first["shippedCommits"]!.AsArray());

        Assert.Equal("push-history", second["deployment"]!["shippedSet"]!.GetValue<string>());
        Assert.Equal(deployments["9001"]["id"]!.GetValue<long>(), second["deployment"]!["previousDeploymentId"]!.GetValue<long>());
        var shipped = second["shippedCommits"]!.AsArray().ToDictionary(c => c!["sha"]!.GetValue<string>(), c => c!);
        Assert.Equal(new[] { c2, c3, f1, merge }.Order(), shipped.Keys.Order());
        Assert.Equal(7, shipped[merge]["pullRequest"]!.GetValue<long>());
        Assert.Equal($"Commit {f1[..7]}", shipped[f1]["message"]!.GetValue<string>());
        Assert.Equal("byao1276", shipped[f1]["author"]!.GetValue<string>());

        Assert.Equal("redeploy", redeploy["deployment"]!["shippedSet"]!.GetValue<string>());
        Assert.Empty(redeploy["shippedCommits"]!.AsArray());

        Assert.Equal("unknown", afterGap["deployment"]!["shippedSet"]!.GetValue<string>());
        Assert.Contains("no push", afterGap["deployment"]!["shippedSetNote"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<JsonNode> DetailAsync(HttpClient admin, JsonNode deployment) =>
        await (await admin.GetAsync($"/api/v1/deployments/{deployment["id"]}")).ReadJsonAsync();
}
