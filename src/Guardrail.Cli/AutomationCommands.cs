using System.CommandLine;
using Guardrail.Contracts;

namespace Guardrail.Cli;

/// <summary><c>guardrail automation run|list|show</c> and <c>guardrail target list</c>: asking pipelines to run, through the outbox.</summary>
internal static class AutomationCommands
{
    private const string Runs = "api/v1/automation-runs";

    public static Command Automation(CliContext context) =>
        new("automation", "Ask a pipeline to run and follow what came back with the run's correlation id.")
        {
            Run(context),
            List(context),
            Show(context),
        };

    public static Command Target(CliContext context)
    {
        var list = new Command("list", "List the targets with whether they are enabled and their circuit (open: failing, left alone for a while).");
        list.SetAction(async (parse, cancellationToken) =>
            Output.Answer<List<OutboundTargetResponse>>(context, parse, await context.Api(parse).GetAsync("api/v1/outbound-targets", cancellationToken), targets =>
                Output.Table(context, targets,
                    new Column<OutboundTargetResponse>("ID", t => t.Id.ToString()),
                    new("NAME", t => t.Name),
                    new("KIND", t => t.Kind),
                    new("URL", t => t.Url),
                    new("STATE", t => t.Enabled ? "enabled" : "disabled"),
                    new("CIRCUIT", t => t.Circuit))));
        return new Command("target", "Where Guardrail sends requests: pipelines to trigger, chat and event receivers.") { list };
    }

    private static Command Run(CliContext context)
    {
        var target = new Option<string>("--target") { Description = "The target's name or id (see 'guardrail target list').", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why it runs (a change, an incident, a request): kept with the run.", Required = true };
        var inputs = new Option<string[]>("--input") { Description = "An input for the pipeline, as key=value; repeat for several.", DefaultValueFactory = _ => [] };
        var command = new Command("run", "Ask a target's pipeline to run; the request goes out through the outbox with a correlation id.") { target, reason, inputs };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var input in parse.GetValue(inputs)!)
            {
                var separator = input.IndexOf('=', StringComparison.Ordinal);
                if (separator <= 0 || !parsed.TryAdd(input[..separator], input[(separator + 1)..]))
                {
                    await context.Error.WriteLineAsync(separator <= 0
                        ? $"error: --input '{input}' is not key=value."
                        : $"error: --input '{input[..separator]}' is given twice.");
                    return ExitCodes.Usage;
                }
            }
            var requested = await context.Api(parse).PostAsync(Runs, new AutomationRunRequest(parse.GetValue(target), parsed, parse.GetValue(reason)), cancellationToken);
            return Output.Answer<AutomationRunResponse>(context, parse, requested, run =>
            {
                context.Out.WriteLine($"Requested run {run.Id} of the {run.TargetKind} target '{run.Target}': {run.Status}.");
                context.Out.WriteLine($"Correlation id: {run.CorrelationId} (the pipeline's events that carry it back attach to the run)");
                context.Out.WriteLine($"Follow it with: guardrail automation show {run.Id}");
            });
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var status = new Option<string?>("--status") { Description = "requested (waiting in the outbox), dispatched or dispatch-failed." };
        var target = new Option<long?>("--target") { Description = "Only the runs of this target (its id)." };
        var limit = new Option<int?>("--limit") { Description = "At most this many, newest first (default: all)." };
        var command = new Command("list", "List automation runs, newest first.") { status, target, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = ApiClient.WithQuery(Runs, ("status", parse.GetValue(status)), ("target", parse.GetValue(target)?.ToString()));
            return await Output.ListAsync<AutomationRunResponse>(context, parse, path, parse.GetValue(limit), runs =>
                Output.Table(context, runs,
                    new Column<AutomationRunResponse>("ID", r => r.Id.ToString()),
                    new("TARGET", r => r.Target),
                    new("STATUS", r => r.Status),
                    new("REQUESTED BY", r => r.RequestedBy),
                    new("REQUESTED", r => Output.Time(r.RequestedAt)),
                    new("CORRELATION ID", r => r.CorrelationId),
                    new("REASON", r => r.Reason)), cancellationToken);
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The run's id." };
        var command = new Command("show", "Show a run, how its request fared, and the pipeline runs and deployments that came back with its correlation id.") { id };
        command.SetAction(async (parse, cancellationToken) =>
            Output.Answer<AutomationRunDetailResponse>(context, parse, await context.Api(parse).GetAsync($"{Runs}/{parse.GetValue(id)}", cancellationToken), detail =>
            {
                var run = detail.Run;
                var dispatch = run.Dispatch;
                context.Out.WriteLine($"Automation run {run.Id}: {run.Status}");
                Output.Facts(context,
                    ("target", $"{run.Target} ({run.TargetKind})"),
                    ("reason", run.Reason),
                    ("requested by", run.RequestedBy),
                    ("requested", Output.Time(run.RequestedAt)),
                    ("correlation id", run.CorrelationId),
                    ("inputs", run.Inputs.Count == 0 ? "none" : string.Join(", ", run.Inputs.Select(i => $"{i.Key}={i.Value}"))),
                    ("request", dispatch is null ? null : $"{dispatch.Status}, {dispatch.Attempts} attempt(s)"),
                    ("next attempt", dispatch is { Status: "pending" } ? Output.Time(dispatch.NextAttemptAt) : null),
                    ("last error", dispatch?.LastError));

                context.Out.WriteLine();
                context.Out.WriteLine(detail.PipelineRuns.Count == 0 ? "Pipeline runs: none came back yet" : "Pipeline runs");
                if (detail.PipelineRuns.Count > 0)
                    Output.Table(context, detail.PipelineRuns,
                        new Column<PipelineRunResponse>("ID", p => p.Id.ToString()),
                        new("NAME", p => p.Name),
                        new("SOURCE", p => p.Source),
                        new("STATUS", p => p.Status),
                        new("STARTED", p => Output.Time(p.StartedAt)),
                        new("FINISHED", p => Output.Time(p.FinishedAt)),
                        new("URL", p => p.Url));

                context.Out.WriteLine();
                context.Out.WriteLine(detail.Deployments.Count == 0 ? "Deployments: none came back yet" : "Deployments");
                if (detail.Deployments.Count > 0)
                    Output.Table(context, detail.Deployments,
                        new Column<DeploymentResponse>("ID", d => d.Id.ToString()),
                        new("IN THE TOOL", d => $"{d.Source} {d.ProviderDeploymentId}"),
                        new("SERVICE", d => d.Service ?? "not mapped"),
                        new("ENVIRONMENT", d => d.EnvironmentName),
                        new("STATUS", d => d.Status),
                        new("COMMIT", d => Output.ShortSha(d.CommitSha)));
            }));
        return command;
    }
}
