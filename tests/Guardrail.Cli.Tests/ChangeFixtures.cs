using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

/// <summary>Services and environments for change tests, made through the CLI; each call makes new ones.</summary>
internal static class ChangeFixtures
{
    public static string Sha() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>A service of <paramref name="criticality"/> owned by a new team, and an environment of <paramref name="tier"/>.</summary>
    public static async Task<(string Team, string Service, string Environment)> CreateAsync(GuardrailApp app, string criticality, string tier)
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var (team, service, environment) = (UniqueKey("team"), UniqueKey("svc"), UniqueKey(tier));
        await RunAsync(app, admin, ExitCodes.Success, "team", "create", "--key", team, "--name", $"Team {team}");
        await RunAsync(app, admin, ExitCodes.Success,
            "service", "create", "--key", service, "--name", $"Service {service}", "--kind", "technical", "--criticality", criticality, "--owner-team", team);
        await RunAsync(app, admin, ExitCodes.Success, "environment", "create", "--key", environment, "--name", $"Env {environment}", "--tier", tier);
        return (team, service, environment);
    }

    public static string ChangeOf(CliResult gate) => JsonNode.Parse(gate.Out)!["change"]!.GetValue<string>();
}
