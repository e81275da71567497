using System.CommandLine;

namespace Guardrail.Cli;

/// <summary>Options every client verb shares; server and token also come from GUARDRAIL_URL and GUARDRAIL_TOKEN.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string> Server = new("--server")
    {
        Description = "Guardrail's address (default: $GUARDRAIL_URL, else http://localhost:5000).",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GUARDRAIL_URL") ?? "http://localhost:5000",
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "API token (default: $GUARDRAIL_TOKEN).",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GUARDRAIL_TOKEN"),
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print JSON instead of a table.",
        Recursive = true,
    };
}
