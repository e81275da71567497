using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Cmdb.Discovery.Git;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Integrations;

/// <summary>
/// Where Guardrail saw no pushes, a repository imported with its history gives the shipped set: the commits reachable
/// from the deployed commit and not from the previous deployment's, merges included.
/// </summary>
public sealed class GitHistoryShippedSetTests(GuardrailApp app) : IClassFixture<GuardrailApp>, IDisposable
{
    private readonly string _repository = Directory.CreateTempSubdirectory("guardrail-git-").FullName;

    [Fact]
    public async Task A_deployment_ships_the_commits_between_the_previous_one_and_it_in_the_imported_history()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("shop");
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "dev@example.com");
        Git("config", "user.name", "Dev One");
        Git("remote", "add", "origin", $"https://github.com/acme/{name}.git");
        var c1 = Commit("first");
        var c2 = Commit("second");
        Git("checkout", "-q", "-b", "feature");
        var f1 = Commit("feature work");
        Git("checkout", "-q", "main");
        var c3 = Commit("third");
        Git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature");
        var merge = Git("rev-parse", "HEAD");
        var (service, environment) = await Webhooks.CreateProductionServiceAsync(admin, $"github.com/acme/{name}");

        var history = GitHistory.Read(_repository);
        var imported = await admin.PostAsJsonAsync($"/api/v1/cmdb/imports/git?scope={name}",
            new GitSnapshotRequest(name, $"https://github.com/acme/{name}.git", null, [], history));
        var first = await Deploy(admin, service, $"github.com/acme/{name}", "first", c1);
        var second = await Deploy(admin, service, $"github.com/acme/{name}", "second", merge);
        var detail = await (await admin.GetAsync($"/api/v1/deployments/{second}")).ReadJsonAsync();

        Assert.Equal(5, history.Count);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal("unknown", (await (await admin.GetAsync($"/api/v1/deployments/{first}")).ReadJsonAsync())["deployment"]!["shippedSet"]!.GetValue<string>());
        Assert.Equal("git-history", detail["deployment"]!["shippedSet"]!.GetValue<string>());
        var shipped = detail["shippedCommits"]!.AsArray().ToDictionary(c => c!["sha"]!.GetValue<string>(), c => c!);
        Assert.Equal(new[] { c2, f1, c3, merge }.Order(), shipped.Keys.Order());
        Assert.Equal("Dev One", shipped[f1]["author"]!.GetValue<string>());
        Assert.NotNull(shipped[f1]["authoredAt"]);
        Assert.Equal(environment, (await (await admin.GetAsync($"/api/v1/environments/{detail["deployment"]!["environmentId"]}")).ReadJsonAsync())["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task History_without_an_origin_is_refused_and_nothing_is_imported()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var record = new GitCommitRecord(new string('a', 40), [], TimeProvider.System.GetUtcNow(), TimeProvider.System.GetUtcNow(), "x", "y");
        var refused = await admin.PostAsJsonAsync($"/api/v1/cmdb/imports/git?scope={Json.Unique("nowhere")}", new GitSnapshotRequest("nowhere", null, null, [], [record]));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.ReadJsonAsync())["errors"]!["originUrl"]);
    }

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(_repository, "*", SearchOption.AllDirectories))
            File.SetAttributes(file, FileAttributes.Normal);
        Directory.Delete(_repository, recursive: true);
    }

    private static async Task<long> Deploy(HttpClient admin, string service, string repository, string id, string sha)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/events/deployments", new DeploymentEventRequest(
            $"{id}-{Guid.NewGuid():N}", service, "production", "succeeded", CommitSha: sha, Repository: repository));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<long>();
    }

    private string Commit(string message)
    {
        File.WriteAllText(Path.Combine(_repository, $"{Guid.NewGuid():N}.txt"), message);
        Git("add", ".");
        Git("commit", "-q", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    private string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _repository };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
        return output.Trim();
    }
}
