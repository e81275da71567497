using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Cli.Tests.ChangeFixtures;
using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

/// <summary>The policy verbs against a real server. The tests run one after another over one store, each from the policy in force.</summary>
public sealed class PolicyCommandTests(GuardrailApp app) : IClassFixture<GuardrailApp>, IDisposable
{
    private const string Broken = """
        apiVersion: guardrail/v1
        kind: ChangePolicy
        metadata:
          name: broken
        spec:
          risk:
            factors:
              environmentTier: { weight: lots }

        """;

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.yaml");

    [Fact]
    public async Task Validate_prints_each_problem_as_file_line_column_and_exits_1()
    {
        var reader = await app.IssueTokenAsync(Role.Reader);
        await File.WriteAllTextAsync(_file, Broken);

        var broken = await RunAsync(app, reader, ExitCodes.Refused, "policy", "validate", _file);
        var fromStdin = await RunWithInputAsync(app, reader, Broken, ExitCodes.Refused, "policy", "validate", "-");

        Assert.Matches($@"^{Regex.Escape(_file)}:8:\d+: .+", broken.Out);
        Assert.StartsWith("<stdin>:8:", fromStdin.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_policy_in_force_is_valid()
    {
        var reader = await app.IssueTokenAsync(Role.Reader);
        var current = (await RunAsync(app, reader, ExitCodes.Success, "policy", "show")).Out;

        var valid = await RunWithInputAsync(app, reader, current, ExitCodes.Success, "policy", "validate", "-");

        Assert.StartsWith("<stdin>: valid (policy ", valid.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_show_versions_and_diff_follow_a_new_version()
    {
        var manager = await app.IssueTokenAsync(Role.ChangeManager);
        var before = JsonNode.Parse((await RunAsync(app, manager, ExitCodes.Success, "policy", "show", "--json")).Out)!;
        var oldText = before["document"]!.GetValue<string>();
        var newText = oldText.Replace("expiry: 72h", "expiry: 48h", StringComparison.Ordinal);
        Assert.NotEqual(oldText, newText);
        await File.WriteAllTextAsync(_file, newText);

        var diff = await RunAsync(app, manager, ExitCodes.Success, "policy", "diff", _file);
        var applied = await RunAsync(app, manager, ExitCodes.Success, "policy", "apply", _file);
        var again = await RunAsync(app, manager, ExitCodes.Success, "policy", "apply", _file);
        var shown = await RunAsync(app, manager, ExitCodes.Success, "policy", "show");
        var old = await RunAsync(app, manager, ExitCodes.Success, "policy", "show", "--version", before["version"]!.GetValue<long>().ToString());
        var versions = await RunAsync(app, manager, ExitCodes.Success, "policy", "versions");
        var noDiff = await RunAsync(app, manager, ExitCodes.Success, "policy", "diff", _file);

        Assert.Contains("-    expiry: 72h", diff.Out, StringComparison.Ordinal);
        Assert.Contains("+    expiry: 48h", diff.Out, StringComparison.Ordinal);
        var version = before["version"]!.GetValue<long>() + 1;
        Assert.StartsWith("Applied policy ", applied.Out, StringComparison.Ordinal);
        Assert.Contains($"as version {version}", applied.Out, StringComparison.Ordinal);
        Assert.StartsWith($"Unchanged: version {version}", again.Out, StringComparison.Ordinal);
        Assert.Equal(newText.TrimEnd(), shown.Out.TrimEnd());
        Assert.Equal(oldText.TrimEnd(), old.Out.TrimEnd());
        Assert.Contains($"{version} (in force)", versions.Out, StringComparison.Ordinal);
        Assert.StartsWith($"No differences from version {version}", noDiff.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_policy_is_not_applied()
    {
        var manager = await app.IssueTokenAsync(Role.ChangeManager);
        var before = (await RunAsync(app, manager, ExitCodes.Success, "policy", "versions", "--json")).Out;

        var refused = await RunWithInputAsync(app, manager, Broken, ExitCodes.Refused, "policy", "apply", "-");

        Assert.Contains("[policy.invalid]", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, (await RunAsync(app, manager, ExitCodes.Success, "policy", "versions", "--json")).Out);
    }

    [Fact]
    public async Task Simulate_lists_the_decisions_a_candidate_policy_would_change()
    {
        var pipeline = await app.IssueTokenAsync(Role.Pipeline);
        var reader = await app.IssueTokenAsync(Role.Reader);
        var (_, service, environment) = await CreateAsync(app, "tier4", "test");
        var change = ChangeOf(await RunAsync(app, pipeline, GateExitCodes.Approved,
            "gate", "--service", service, "--environment", environment, "--commit", Sha(), "--pipeline-run-id", UniqueKey("run"), "--json"));
        var current = (await RunAsync(app, reader, ExitCodes.Success, "policy", "show")).Out;
        // Without standard models and with every score routed to the CAB, nothing is approved at once any more.
        var strict = Regex.Replace(current, @"  standardModels:\n(?:    .*\n)*", "  standardModels: []\n")
            .Replace("      - { route: automatic, maxScore: 30 }\n", "", StringComparison.Ordinal)
            .Replace("      - { route: service-owner, maxScore: 60, quorum: 1 }\n", "", StringComparison.Ordinal);
        await File.WriteAllTextAsync(_file, strict);

        var json = JsonNode.Parse((await RunAsync(app, reader, ExitCodes.Success, "policy", "simulate", _file, "--days", "7", "--json")).Out)!;
        var table = await RunAsync(app, reader, ExitCodes.Success, "policy", "simulate", _file, "--days", "7");

        Assert.True(json["differing"]!.GetValue<int>() >= 1, json.ToJsonString());
        var difference = Assert.Single(json["differences"]!.AsArray(), d => d!["change"]!.GetValue<string>() == change)!;
        Assert.Equal(("approve", "await-approval"), (difference["recordedDecision"]!.GetValue<string>(), difference["simulatedDecision"]!.GetValue<string>()));
        Assert.Contains("decision", table.Out, StringComparison.Ordinal);
        Assert.Contains(change, table.Out, StringComparison.Ordinal);
        Assert.Contains("SIMULATED", table.Out, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_file);
}
