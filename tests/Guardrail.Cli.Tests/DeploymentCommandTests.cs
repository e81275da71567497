using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

/// <summary>The deployment verbs against a real server; every test makes its own service and production environment.</summary>
public sealed class DeploymentCommandTests(GuardrailApp app) : IClassFixture<GuardrailApp>, IDisposable
{
    private readonly string _commitsFile = Path.GetTempFileName();

    [Fact]
    public async Task A_pipeline_reports_two_deployments_and_show_prints_the_history_and_the_listed_shipped_set()
    {
        var pipeline = await app.IssueTokenAsync(Role.Pipeline);
        var reader = await app.IssueTokenAsync(Role.Reader);
        var (service, environment) = await CreateProductionServiceAsync();
        var (first, second) = (UniqueKey("dep"), UniqueKey("dep"));
        string[] shipped = [Sha(), Sha()];
        await File.WriteAllTextAsync(_commitsFile, $"{shipped[0]}\n\n{shipped[1]}\n");

        var firstReport = await RunAsync(app, pipeline, ExitCodes.Success,
            "deployment", "report", "--service", service, "--environment", environment, "--deployment-id", first, "--status", "succeeded", "--commit", Sha());
        await RunAsync(app, pipeline, ExitCodes.Success,
            "deployment", "report", "--service", service, "--environment", environment, "--deployment-id", second, "--status", "in-progress",
            "--repository", "github.com/acme/shop", "--description", "Rolling out");
        var secondReport = JsonNode.Parse((await RunAsync(app, pipeline, ExitCodes.Success,
            "deployment", "report", "--service", service, "--environment", environment, "--deployment-id", second, "--status", "succeeded",
            "--commit", shipped[1], "--commits-file", _commitsFile, "--json")).Out)!;

        Assert.Contains("Recorded deployment", firstReport.Out, StringComparison.Ordinal);
        Assert.Contains($"of {service} to ", firstReport.Out, StringComparison.Ordinal);
        Assert.Contains("(production): succeeded.", firstReport.Out, StringComparison.Ordinal);
        Assert.Contains("Shipped set: unknown (This is the first deployment", firstReport.Out, StringComparison.Ordinal);
        Assert.Equal(("succeeded", "explicit", service), (secondReport["status"]!.GetValue<string>(), secondReport["shippedSet"]!.GetValue<string>(), secondReport["service"]!.GetValue<string>()));

        var id = secondReport["id"]!.GetValue<long>().ToString();
        var shown = await RunAsync(app, reader, ExitCodes.Success, "deployment", "show", id);
        Assert.Contains($"Deployment {id}: succeeded", shown.Out, StringComparison.Ordinal);
        Assert.Contains("github.com/acme/shop", shown.Out, StringComparison.Ordinal);
        Assert.Contains("in-progress", shown.Out, StringComparison.Ordinal);
        Assert.Contains("Rolling out", shown.Out, StringComparison.Ordinal);
        Assert.Contains("the deployments API", shown.Out, StringComparison.Ordinal);
        Assert.Contains("Shipped commits: listed by the tool", shown.Out, StringComparison.Ordinal);
        Assert.Contains("2 commits listed by the deployment event.", shown.Out, StringComparison.Ordinal);
        Assert.All(shipped, sha => Assert.Contains(sha, shown.Out, StringComparison.Ordinal));

        var firstId = JsonNode.Parse((await RunAsync(app, reader, ExitCodes.Success, "deployment", "list", "--service", service, "--json")).Out)!.AsArray()
            .Select(d => d!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(2, firstId.Count);
        Assert.Equal(long.Parse(id), firstId[0]);
        var firstShown = await RunAsync(app, reader, ExitCodes.Success, "deployment", "show", firstId[1].ToString());
        Assert.Contains("No shipped set is known, so none is listed: it is never guessed.", firstShown.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_filters_by_service_environment_and_status_and_prints_a_table()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var (service, environment) = await CreateProductionServiceAsync();
        var failed = UniqueKey("dep");
        await RunAsync(app, admin, ExitCodes.Success, "deployment", "report", "--service", service, "--environment", environment, "--deployment-id", failed, "--status", "failed");
        await RunAsync(app, admin, ExitCodes.Success, "deployment", "report", "--service", service, "--environment", environment, "--deployment-id", UniqueKey("dep"), "--status", "succeeded");

        var listed = JsonNode.Parse((await RunAsync(app, admin, ExitCodes.Success,
            "deployment", "list", "--service", service, "--environment", environment, "--status", "failed", "--json")).Out)!;
        var table = await RunAsync(app, admin, ExitCodes.Success, "deployment", "list", "--service", service, "--limit", "1");

        Assert.Equal(failed, Assert.Single(listed.AsArray())!["providerDeploymentId"]!.GetValue<string>());
        Assert.Contains("SHIPPED SET", table.Out, StringComparison.Ordinal);
        Assert.Contains("succeeded", table.Out, StringComparison.Ordinal);
        Assert.Contains("1 row", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commits_can_come_from_standard_input()
    {
        var pipeline = await app.IssueTokenAsync(Role.Pipeline);
        var (service, environment) = await CreateProductionServiceAsync();
        var sha = Sha();

        var reported = await RunWithInputAsync(app, pipeline, sha + "\n", ExitCodes.Success,
            "deployment", "report", "--service", service, "--environment", environment, "--deployment-id", UniqueKey("dep"), "--status", "succeeded", "--commits-file", "-");

        Assert.Contains("Shipped set: listed by the tool (1 commits listed by the deployment event.)", reported.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_reports_exit_1_with_the_problem_code_and_record_nothing()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var (service, environment) = await CreateProductionServiceAsync();

        var badStatus = await RunAsync(app, admin, ExitCodes.Refused,
            "deployment", "report", "--service", service, "--environment", environment, "--deployment-id", UniqueKey("dep"), "--status", "exploded");
        var noService = await RunAsync(app, admin, ExitCodes.Refused,
            "deployment", "report", "--environment", environment, "--deployment-id", UniqueKey("dep"), "--status", "succeeded");

        Assert.Contains("[validation.failed]", badStatus.Error, StringComparison.Ordinal);
        Assert.Contains("status:", badStatus.Error, StringComparison.Ordinal);
        Assert.Contains("service:", noService.Error, StringComparison.Ordinal);
        Assert.Equal("[]", (await RunAsync(app, admin, ExitCodes.Success, "deployment", "list", "--service", service, "--json")).Out.Trim());
        Assert.Contains("[deployment.not_found]", (await RunAsync(app, admin, ExitCodes.Refused, "deployment", "show", "999999999")).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_commits_file_or_option_is_a_usage_error()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);

        var missingFile = await RunAsync(app, admin, ExitCodes.Usage,
            "deployment", "report", "--service", "svc", "--environment", "production", "--deployment-id", "d", "--status", "succeeded", "--commits-file", "/nonexistent/commits.txt");
        var missingOption = await RunAsync(app, admin, ExitCodes.Usage, "deployment", "report", "--service", "svc", "--environment", "production", "--status", "succeeded");

        Assert.Contains("/nonexistent/commits.txt", missingFile.Error, StringComparison.Ordinal);
        Assert.Contains("--deployment-id", missingOption.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_lists_deployments_but_may_not_report_one()
    {
        var reader = await app.IssueTokenAsync(Role.Reader);

        await RunAsync(app, reader, ExitCodes.Success, "deployment", "list", "--limit", "1");
        var refused = await RunAsync(app, reader, ExitCodes.Refused,
            "deployment", "report", "--service", "svc", "--environment", "production", "--deployment-id", UniqueKey("dep"), "--status", "succeeded");

        Assert.Contains("[auth.forbidden]", refused.Error, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_commitsFile);

    private static string Sha() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    private async Task<(string Service, string Environment)> CreateProductionServiceAsync()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var (team, service, environment) = (UniqueKey("team"), UniqueKey("svc"), UniqueKey("prod"));
        await RunAsync(app, admin, ExitCodes.Success, "team", "create", "--key", team, "--name", $"Team {team}");
        await RunAsync(app, admin, ExitCodes.Success,
            "service", "create", "--key", service, "--name", $"Service {service}", "--kind", "technical", "--criticality", "tier2", "--owner-team", team);
        await RunAsync(app, admin, ExitCodes.Success, "environment", "create", "--key", environment, "--name", $"Production {environment}", "--tier", "production");
        return (service, environment);
    }
}
