using System.CommandLine;
using Guardrail.Contracts;

namespace Guardrail.Cli;

/// <summary><c>guardrail deployment list|show|report</c>: deployments as the toolchain reports them, and reporting one from a script.</summary>
internal static class DeploymentCommands
{
    private const string Deployments = "api/v1/deployments";

    public static Command Build(CliContext context) =>
        new("deployment", "Deployments with their status history and the commits they shipped; report one from Jenkins or a script.")
        {
            List(context),
            Show(context),
            Report(context),
        };

    private static Command List(CliContext context)
    {
        var service = new Option<string?>("--service") { Description = "Only this service's deployments (its key)." };
        var environment = new Option<string?>("--environment") { Description = "Only deployments to this environment (its key, or the name a tool gave it)." };
        var status = new Option<string?>("--status") { Description = "pending, in-progress, succeeded, failed, cancelled, rolled-back or removed." };
        var limit = new Option<int?>("--limit") { Description = "At most this many, newest first (default: all)." };
        var command = new Command("list", "List deployments, newest first.") { service, environment, status, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = ApiClient.WithQuery(Deployments,
                ("service", parse.GetValue(service)), ("environment", parse.GetValue(environment)), ("status", parse.GetValue(status)));
            return await Output.ListAsync<DeploymentResponse>(context, parse, path, parse.GetValue(limit), deployments =>
                Output.Table(context, deployments,
                    new Column<DeploymentResponse>("ID", d => d.Id.ToString()),
                    new("SERVICE", d => d.Service ?? "not mapped"),
                    new("ENVIRONMENT", Environment),
                    new("STATUS", d => d.Status),
                    new("COMMIT", d => Output.ShortSha(d.CommitSha)),
                    new("DEPLOYED", d => Output.Time(d.DeployedAt) ?? "not deployed"),
                    new("SHIPPED SET", d => ShippedSet(d.ShippedSet))), cancellationToken);
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The deployment's id." };
        var command = new Command("show", "Show a deployment with its status history and the commits it shipped.") { id };
        command.SetAction(async (parse, cancellationToken) =>
            Output.Answer<DeploymentDetailResponse>(context, parse, await context.Api(parse).GetAsync($"{Deployments}/{parse.GetValue(id)}", cancellationToken), detail =>
            {
                var deployment = detail.Deployment;
                context.Out.WriteLine($"Deployment {deployment.Id}: {deployment.Status}");
                Output.Facts(context,
                    ("service", deployment.Service ?? "not mapped"),
                    ("mapping problem", deployment.MappingProblem),
                    ("environment", Environment(deployment)),
                    ("source", $"{deployment.Source}, deployment {deployment.ProviderDeploymentId}"),
                    ("repository", deployment.Repository),
                    ("ref", deployment.Ref),
                    ("commit", deployment.CommitSha),
                    ("artifact", deployment.Artifact),
                    ("started", Output.Time(deployment.StartedAt)),
                    ("finished", Output.Time(deployment.FinishedAt)),
                    ("deployed", Output.Time(deployment.DeployedAt) ?? "not deployed"),
                    ("previous deployment", deployment.PreviousDeploymentId?.ToString()),
                    ("correlation id", deployment.CorrelationId),
                    ("in the tool", deployment.Url));

                context.Out.WriteLine();
                context.Out.WriteLine("Status history (times as the tool sent them)");
                Output.Table(context, detail.StatusHistory,
                    new Column<DeploymentStatusResponse>("STATUS", s => s.Status),
                    new("AT", s => Output.Time(s.At)),
                    new("DESCRIPTION", s => s.Description),
                    new("REPORTED BY", s => s.DeliveryId is { } delivery ? $"delivery {delivery}" : "the deployments API"));

                context.Out.WriteLine();
                context.Out.WriteLine($"Shipped commits: {ShippedSet(deployment.ShippedSet)}");
                if (deployment.ShippedSetNote is not null)
                    context.Out.WriteLine(deployment.ShippedSetNote);
                if (detail.ShippedCommits.Count > 0)
                    Output.Table(context, detail.ShippedCommits,
                        new Column<ShippedCommitResponse>("COMMIT", c => c.Sha),
                        new("AUTHORED", c => Output.Time(c.AuthoredAt)),
                        new("AUTHOR", c => c.Author),
                        new("MESSAGE", c => c.Message),
                        new("PULL REQUEST", c => c.PullRequest is { } number ? $"#{number}" : null));
                else if (deployment.ShippedSet is "unknown" or "none")
                    context.Out.WriteLine("No shipped set is known, so none is listed: it is never guessed.");
                else
                    context.Out.WriteLine("No commits.");
            }));
        return command;
    }

    private static Command Report(CliContext context)
    {
        var service = new Option<string?>("--service") { Description = "The service's key; or give --repository and let the mapping rules find the service." };
        var environment = new Option<string>("--environment") { Description = "The environment: its key, or a name a mapping rule maps.", Required = true };
        var deploymentId = new Option<string>("--deployment-id") { Description = "Your tool's id for this deployment: reporting it again adds a status, never a second deployment.", Required = true };
        var status = new Option<string>("--status") { Description = "pending, in-progress, succeeded, failed, cancelled, rolled-back or removed.", Required = true };
        var commit = new Option<string?>("--commit") { Description = "The commit deployed (its SHA)." };
        var repository = new Option<string?>("--repository") { Description = "The repository it was built from, as github.com/OWNER/NAME." };
        var gitRef = new Option<string?>("--ref") { Description = "The branch or tag deployed." };
        var artifact = new Option<string?>("--artifact") { Description = "The artifact deployed (an image, a package version)." };
        var url = new Option<string?>("--url") { Description = "Where the deployment is seen in your tool." };
        var description = new Option<string?>("--description") { Description = "What happened, in a few words." };
        var commitsFile = new Option<string?>("--commits-file")
        {
            Description = "A file listing the commits shipped, one SHA a line ('-' reads standard input, e.g. from git rev-list); such a list is used as the shipped set.",
        };
        var correlationId = new Option<string?>("--correlation-id")
        {
            Description = "The automation run that started this deployment (default: $GUARDRAIL_CORRELATION_ID, which Guardrail passes to GitLab and Jenkins runs).",
            DefaultValueFactory = _ => System.Environment.GetEnvironmentVariable("GUARDRAIL_CORRELATION_ID"),
        };
        var command = new Command("report", "Report a deployment or a change of its status, for tools without a webhook of their own (Jenkins, scripts).")
        {
            service, environment, deploymentId, status, commit, repository, gitRef, artifact, url, description, commitsFile, correlationId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            List<string>? commits = null;
            if (parse.GetValue(commitsFile) is { } file && (commits = await InputFiles.ReadCommitsAsync(context, file, cancellationToken)) is null)
                return ExitCodes.Usage;
            var request = new DeploymentEventRequest(
                parse.GetValue(deploymentId), parse.GetValue(service), parse.GetValue(environment), parse.GetValue(status),
                CommitSha: parse.GetValue(commit), Repository: parse.GetValue(repository), Ref: parse.GetValue(gitRef), Artifact: parse.GetValue(artifact),
                Url: parse.GetValue(url), Description: parse.GetValue(description), Commits: commits, CorrelationId: parse.GetValue(correlationId));
            var recorded = await context.Api(parse).PostAsync("api/v1/events/deployments", request, cancellationToken);
            return Output.Answer<DeploymentResponse>(context, parse, recorded, deployment =>
            {
                context.Out.WriteLine($"Recorded deployment {deployment.Id} ({deployment.ProviderDeploymentId}) of {deployment.Service ?? "an unmapped service"} to {Environment(deployment)}: {deployment.Status}.");
                if (deployment.MappingProblem is not null)
                    context.Out.WriteLine($"Mapping problem: {deployment.MappingProblem}");
                context.Out.WriteLine($"Shipped set: {ShippedSet(deployment.ShippedSet)}{(deployment.ShippedSetNote is null ? "" : $" ({deployment.ShippedSetNote})")}");
            });
        });
        return command;
    }

    private static string Environment(DeploymentResponse deployment) =>
        deployment.EnvironmentTier is { } tier ? $"{deployment.EnvironmentName} ({tier})" : deployment.EnvironmentName;

    private static string ShippedSet(string basis) => basis switch
    {
        "none" => "not computed",
        "explicit" => "listed by the tool",
        "push-history" => "from push history",
        "redeploy" => "redeploy, nothing new",
        _ => basis,
    };
}
