using Guardrail.Cli;

return await GuardrailCli.RunAsync(args, CliContext.FromConsole());
