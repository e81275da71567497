using System.CommandLine;

namespace Guardrail.Cli;

/// <summary>The verbs of <c>guardrail</c>, one group per practice.</summary>
internal static class GuardrailCli
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Guardrail: ITIL 4 service management inside the DevOps toolchain.")
        {
            ServeCommand.Build(),
            TokenCommands.Build(context),
            CatalogCommands.Build(CatalogCommands.Services, context),
            CatalogCommands.Build(CatalogCommands.Teams, context),
            CatalogCommands.Build(CatalogCommands.Environments, context),
            CmdbCommands.Discover(context),
            CmdbCommands.Impact(context),
            IntegrationCommands.Integration(context),
            IntegrationCommands.Delivery(context),
            DeploymentCommands.Build(context),
            ChangeCommands.Build(context),
            GateCommands.Build(context),
            PolicyCommands.Build(context),
            IncidentCommands.Build(context),
            ProblemCommands.Build(context),
            ReviewCommands.Review(context),
            ReviewCommands.FollowUp(context),
            AutomationCommands.Automation(context),
            AutomationCommands.Target(context),
            MetricsCommands.Build(context),
            AuditCommands.Build(context),
        };
        root.Options.Add(GlobalOptions.Server);
        root.Options.Add(GlobalOptions.Token);
        root.Options.Add(GlobalOptions.Json);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        var parse = Build(context).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                await context.Error.WriteLineAsync($"error: {error.Message}");
            await context.Error.WriteLineAsync("Run 'guardrail --help' for usage.");
            return parse.CommandResult.Command.Name == GateCommands.Name ? GateExitCodes.Error : ExitCodes.Usage;
        }
        // The server handles Ctrl+C and SIGTERM itself and shuts down gracefully.
        return await parse.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error, ProcessTerminationTimeout = null });
    }
}
