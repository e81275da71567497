using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

public class UsageTests
{
    [Fact]
    public async Task An_unknown_verb_is_a_usage_error()
    {
        var result = await RunAsync("frobnicate");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("frobnicate", result.Error, StringComparison.Ordinal);
        Assert.Contains("guardrail --help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_create_without_its_required_options_is_a_usage_error()
    {
        var result = await RunAsync("team", "create", "--name", "No key");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--key", result.Error, StringComparison.Ordinal);
    }
}
