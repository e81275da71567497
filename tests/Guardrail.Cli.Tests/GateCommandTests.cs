using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Cli.Tests.ChangeFixtures;
using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

/// <summary><c>guardrail gate</c> against a real server under the default policy: its exit codes are the decision.</summary>
public sealed class GateCommandTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task A_deployment_of_a_minor_service_to_test_is_approved_with_exit_0_and_prints_its_factors()
    {
        var pipeline = await app.IssueTokenAsync(Role.Pipeline);
        var (_, service, environment) = await CreateAsync(app, "tier4", "test");

        var gate = await RunAsync(app, pipeline, GateExitCodes.Approved,
            "gate", "--service", service, "--environment", environment, "--commit", Sha(), "--pipeline-run-id", UniqueKey("run"), "--evidence", "tests=passed");

        Assert.StartsWith("approved: CHG-", gate.Out, StringComparison.Ordinal);
        Assert.Contains("FACTOR", gate.Out, StringComparison.Ordinal);
        Assert.Contains("environmentTier", gate.Out, StringComparison.Ordinal);
        Assert.Contains("Reasons", gate.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_required_evidence_is_rejected_with_exit_1()
    {
        var pipeline = await app.IssueTokenAsync(Role.Pipeline);
        var (_, service, environment) = await CreateAsync(app, "tier2", "production");

        var gate = await RunAsync(app, pipeline, GateExitCodes.Rejected,
            "gate", "--service", service, "--environment", environment, "--commit", Sha(), "--pipeline-run-id", UniqueKey("run"),
            "--evidence", "tests=passed", "--evidence", "scan=failed", "--json");

        var decision = JsonNode.Parse(gate.Out)!;
        Assert.Equal("rejected", decision["decision"]!.GetValue<string>());
        Assert.Contains(decision["reasons"]!.AsArray(), reason => reason!.GetValue<string>().Contains("'scan' failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pending_production_change_exits_2_at_once_and_after_a_short_wait_and_asking_again_answers_for_the_same_change()
    {
        var pipeline = await app.IssueTokenAsync(Role.Pipeline);
        var (_, service, environment) = await CreateAsync(app, "tier1", "production");
        var run = UniqueKey("run");
        string[] gate = ["gate", "--service", service, "--environment", environment, "--commit", Sha(), "--pipeline-run-id", run];

        var atOnce = await RunAsync(app, pipeline, GateExitCodes.Pending, [.. gate, "--json"]);
        var waited = await RunAsync(app, pipeline, GateExitCodes.Pending, [.. gate, "--wait", "1s"]);

        Assert.Equal("pending", JsonNode.Parse(atOnce.Out)!["decision"]!.GetValue<string>());
        Assert.StartsWith($"pending: {ChangeOf(atOnce)} waits for approval", waited.Out, StringComparison.Ordinal);
        Assert.Contains("waiting up to 1s", waited.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receipt_is_recorded_with_exit_0_even_where_a_gate_would_wait()
    {
        var pipeline = await app.IssueTokenAsync(Role.Pipeline);
        var (_, service, environment) = await CreateAsync(app, "tier1", "production");

        var gate = await RunAsync(app, pipeline, GateExitCodes.Approved,
            "gate", "--service", service, "--environment", environment, "--artifact", "shop:1.2.3", "--pipeline-run-id", UniqueKey("run"), "--receipt");

        Assert.StartsWith("recorded: CHG-", gate.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_service_a_bad_command_line_and_an_unreachable_server_exit_3()
    {
        var pipeline = await app.IssueTokenAsync(Role.Pipeline);

        var unknown = await RunAsync(app, pipeline, GateExitCodes.Error, "gate", "--service", "no-such-service", "--environment", "production", "--commit", Sha());
        var noService = await RunAsync(app, pipeline, GateExitCodes.Error, "gate", "--environment", "production", "--commit", Sha());
        var badWait = await RunAsync(app, pipeline, GateExitCodes.Error, "gate", "--service", "s", "--environment", "e", "--commit", Sha(), "--wait", "soon");
        var badEvidence = await RunAsync(app, pipeline, GateExitCodes.Error, "gate", "--service", "s", "--environment", "e", "--commit", Sha(), "--evidence", "tests");
        var unreachable = await CliRunner.RunAsync("gate", "--service", "s", "--environment", "e", "--commit", Sha(), "--server", "http://127.0.0.1:1");

        Assert.Contains("No service has the key 'no-such-service'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("--service", noService.Error, StringComparison.Ordinal);
        Assert.Contains("'soon' is not a duration", badWait.Error, StringComparison.Ordinal);
        Assert.Contains("--evidence 'tests' is not key=value", badEvidence.Error, StringComparison.Ordinal);
        Assert.True(unreachable.ExitCode == GateExitCodes.Error, unreachable.ToString());
        Assert.Contains("cannot reach", unreachable.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("90", 90)]
    public void Wait_durations_take_seconds_minutes_and_hours(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), GateCommands.ParseDuration(text));

    [Fact]
    public void The_pipeline_run_defaults_from_github_gitlab_and_jenkins()
    {
        var github = new Dictionary<string, string?>
        {
            ["GITHUB_RUN_ID"] = "4242", ["GITHUB_RUN_ATTEMPT"] = "2", ["GITHUB_SERVER_URL"] = "https://github.com", ["GITHUB_REPOSITORY"] = "acme/shop",
        };
        var gitlab = new Dictionary<string, string?> { ["CI_PIPELINE_ID"] = "77", ["CI_PIPELINE_URL"] = "https://gitlab.example/acme/shop/-/pipelines/77" };
        var jenkins = new Dictionary<string, string?> { ["BUILD_TAG"] = "jenkins-shop-12", ["BUILD_URL"] = "https://ci.example/job/shop/12/" };

        Assert.Equal(("4242-2", "https://github.com/acme/shop/actions/runs/4242"), (CiRun.Id(github.GetValueOrDefault), CiRun.Url(github.GetValueOrDefault)));
        Assert.Equal(("77", "https://gitlab.example/acme/shop/-/pipelines/77"), (CiRun.Id(gitlab.GetValueOrDefault), CiRun.Url(gitlab.GetValueOrDefault)));
        Assert.Equal(("jenkins-shop-12", "https://ci.example/job/shop/12/"), (CiRun.Id(jenkins.GetValueOrDefault), CiRun.Url(jenkins.GetValueOrDefault)));
        Assert.Equal((null, null), (CiRun.Id(_ => null), CiRun.Url(_ => null)));
    }
}
