using Guardrail.Server.Tests.Support;

namespace Guardrail.Cli.Tests;

/// <summary>What one <c>guardrail</c> invocation printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}

/// <summary>Runs verbs in this process, talking to a <see cref="GuardrailApp"/> through its in-memory handler.</summary>
internal static class CliRunner
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(null, args);

    public static Task<CliResult> RunAsync(GuardrailApp? app, params string[] args) => RunAsync(app, "", args);

    /// <summary>Runs a verb with <paramref name="input"/> as its standard input.</summary>
    public static async Task<CliResult> RunAsync(GuardrailApp? app, string input, string[] args)
    {
        using var reader = new StringReader(input);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        if (app is not null)
            args = [.. args, "--server", app.Server.BaseAddress.ToString()];
        var exitCode = await GuardrailCli.RunAsync(args, new CliContext(reader, output, errors, app?.Server.CreateHandler()));
        return new CliResult(exitCode, output.ToString(), errors.ToString());
    }

    /// <summary>Runs a verb with a token, and asserts the exit code, showing all output when it differs.</summary>
    public static Task<CliResult> RunAsync(GuardrailApp app, string token, int expectedExitCode, params string[] args) =>
        RunWithInputAsync(app, token, "", expectedExitCode, args);

    /// <summary>As <see cref="RunAsync(GuardrailApp, string, int, string[])"/>, with <paramref name="input"/> as standard input.</summary>
    public static async Task<CliResult> RunWithInputAsync(GuardrailApp app, string token, string input, int expectedExitCode, params string[] args)
    {
        var result = await RunAsync(app, input, [.. args, "--token", token]);
        Assert.True(result.ExitCode == expectedExitCode, $"Expected exit {expectedExitCode} from 'guardrail {string.Join(' ', args)}', got {result}");
        return result;
    }

    public static string UniqueKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..30];
}
