using System.CommandLine;
using System.Globalization;
using System.Net;
using Guardrail.Contracts;

namespace Guardrail.Cli;

/// <summary>
/// <c>guardrail policy validate|apply|show|versions|diff|simulate</c>: the change policy as a YAML file kept in a
/// repository, checked and tried out before it is applied. FILE may be <c>-</c> for standard input.
/// </summary>
internal static class PolicyCommands
{
    private const string Policy = "api/v1/change-policy";

    public static Command Build(CliContext context) =>
        new("policy", "The change policy: risk factors, approval routes, standard models and windows, as versioned YAML.")
        {
            Validate(context),
            Apply(context),
            Show(context),
            Versions(context),
            Diff(context),
            Simulate(context),
        };

    private static Argument<string> FileArgument() => new("file") { Description = "The policy's YAML file ('-' reads standard input)." };

    private static Command Validate(CliContext context)
    {
        var file = FileArgument();
        var command = new Command("validate", "Check a policy file: exit 0 when valid, 1 with each problem as FILE:LINE:COLUMN: message.") { file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (await InputFiles.ReadTextAsync(context, path, "policy file", cancellationToken) is not { } document)
                return ExitCodes.Usage;
            var checkedDocument = await context.Api(parse).PostAsync($"{Policy}/validate", new PolicyDocumentRequest(document), cancellationToken);
            if (!checkedDocument.Succeeded)
                return checkedDocument.ExitCode;
            var validation = checkedDocument.Read<PolicyValidationResponse>();
            if (parse.GetValue(GlobalOptions.Json))
                Output.Json(context, checkedDocument.Body);
            else if (validation.Valid)
                context.Out.WriteLine($"{Label(path)}: valid (policy '{validation.Name}', digest {validation.Digest})");
            else
            {
                foreach (var problem in validation.Problems)
                    context.Out.WriteLine($"{Label(path)}:{problem.Line}:{problem.Column}: {problem.Message}");
                context.Out.WriteLine($"{validation.Problems.Count} problem{(validation.Problems.Count == 1 ? "" : "s")}");
            }
            return validation.Valid ? ExitCodes.Success : ExitCodes.Refused;
        });
        return command;
    }

    private static Command Apply(CliContext context)
    {
        var file = FileArgument();
        var command = new Command("apply", "Apply a policy file as the next version; the same text as the version in force changes nothing.") { file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await InputFiles.ReadTextAsync(context, parse.GetValue(file)!, "policy file", cancellationToken) is not { } document)
                return ExitCodes.Usage;
            var applied = await context.Api(parse).PostAsync(Policy, new PolicyDocumentRequest(document), cancellationToken);
            return Output.Answer<PolicyVersionResponse>(context, parse, applied, version =>
                context.Out.WriteLine(applied.Status == HttpStatusCode.Created
                    ? $"Applied policy '{version.Name}' as version {version.Version} (digest {version.Digest}); it is in force now."
                    : $"Unchanged: version {version.Version} ('{version.Name}') already has this text and is in force."));
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var version = new Option<long?>("--version") { Description = "This applied version (default: the one in force)." };
        var command = new Command("show", "Print a policy version's YAML, as applied.") { version };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(version) is { } number ? $"{Policy}/versions/{number}" : Policy;
            return Output.Answer<PolicyVersionResponse>(context, parse, await context.Api(parse).GetAsync(path, cancellationToken), shown =>
            {
                context.Out.Write(shown.Document);
                if (shown.Document is { Length: > 0 } text && !text.EndsWith('\n'))
                    context.Out.WriteLine();
            });
        });
        return command;
    }

    private static Command Versions(CliContext context)
    {
        var command = new Command("versions", "List every applied version, newest (the one in force) first.");
        command.SetAction(async (parse, cancellationToken) =>
            Output.Answer<List<PolicyVersionResponse>>(context, parse, await context.Api(parse).GetAsync($"{Policy}/versions", cancellationToken), versions =>
                Output.Table(context, versions,
                    new Column<PolicyVersionResponse>("VERSION", v => v.Version.ToString(CultureInfo.InvariantCulture) + (v == versions[0] ? " (in force)" : "")),
                    new("NAME", v => v.Name),
                    new("DIGEST", v => v.Digest),
                    new("APPLIED BY", v => v.AppliedBy),
                    new("APPLIED", v => Output.Time(v.AppliedAt)))));
        return command;
    }

    private static Command Diff(CliContext context)
    {
        var file = FileArgument();
        var command = new Command("diff", "A unified diff of a policy file against the version in force.") { file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await InputFiles.ReadTextAsync(context, parse.GetValue(file)!, "policy file", cancellationToken) is not { } document)
                return ExitCodes.Usage;
            var diff = await context.Api(parse).PostAsync($"{Policy}/diff", new PolicyDocumentRequest(document), cancellationToken);
            return Output.Answer<PolicyDiffResponse>(context, parse, diff, answer =>
            {
                var current = answer.CurrentVersion is { } number ? $"version {number}" : "no version";
                if (!answer.Changed)
                    context.Out.WriteLine($"No differences from {current}, the one in force.");
                else
                    context.Out.Write(answer.Unified.EndsWith('\n') ? answer.Unified : answer.Unified + "\n");
            });
        });
        return command;
    }

    private static Command Simulate(CliContext context)
    {
        var file = FileArgument();
        var days = new Option<int>("--days") { Description = "Evaluate the changes of this many past days (default: 90).", DefaultValueFactory = _ => 90 };
        var command = new Command("simulate", "Evaluate a policy file on past changes and list the decisions that would differ. Nothing is applied.") { file, days };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await InputFiles.ReadTextAsync(context, parse.GetValue(file)!, "policy file", cancellationToken) is not { } document)
                return ExitCodes.Usage;
            var simulated = await context.Api(parse).PostAsync($"{Policy}/simulate", new PolicySimulationRequest(document, parse.GetValue(days)), cancellationToken);
            return Output.Answer<PolicySimulationResponse>(context, parse, simulated, simulation =>
            {
                context.Out.WriteLine($"Evaluated {simulation.Evaluated} changes of the past {simulation.Days} days ({simulation.Skipped} skipped): "
                    + $"{simulation.Differing} decision{(simulation.Differing == 1 ? "" : "s")} would differ.");
                if (simulation.Differences.Count == 0)
                    return;
                if (simulation.Differences.Count < simulation.Differing)
                    context.Out.WriteLine($"The first {simulation.Differences.Count}:");
                Output.Table(context, simulation.Differences,
                    new Column<SimulatedDecisionResponse>("CHANGE", d => d.Change),
                    new("AT", d => Output.Time(d.At)),
                    new("SERVICE", d => d.Service),
                    new("ENVIRONMENT", d => d.Environment),
                    new("RECORDED", d => $"{d.RecordedDecision} ({d.RecordedRoute ?? "-"}, risk {d.RecordedRisk?.ToString(CultureInfo.InvariantCulture) ?? "-"})"),
                    new("SIMULATED", d => $"{d.SimulatedDecision} ({d.SimulatedRoute}, risk {d.SimulatedRisk})"),
                    new("REASONS", d => string.Join("; ", d.Reasons)));
            });
        });
        return command;
    }

    private static string Label(string path) => path == "-" ? "<stdin>" : path;
}
