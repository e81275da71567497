using System.CommandLine;

namespace Guardrail.Cli;

/// <summary><c>guardrail audit verify</c>: asks the server to recompute the audit chain.</summary>
internal static class AuditCommands
{
    public static Command Build(CliContext context)
    {
        var verify = new Command("verify", "Recompute the audit trail's hash chain and name the first broken entry.");
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var result = await context.Api(parse).GetAsync("api/v1/audit/verify", cancellationToken);
            if (!result.Succeeded)
                return result.ExitCode;
            var intact = result.Body!["intact"]!.GetValue<bool>();
            if (parse.GetValue(GlobalOptions.Json))
                Output.Json(context, result.Body);
            else if (intact)
                await context.Out.WriteLineAsync($"Audit trail intact: {result.Body["entriesChecked"]} entries verified.");
            else
                await context.Out.WriteLineAsync($"Audit trail BROKEN at entry {result.Body["firstBrokenEntryId"]}: {result.Body["problem"]}");
            return intact ? ExitCodes.Success : ExitCodes.AuditChainBroken;
        });
        return new Command("audit", "The tamper-evident audit trail.") { verify };
    }
}
