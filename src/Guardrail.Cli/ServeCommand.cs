using System.CommandLine;

namespace Guardrail.Cli;

/// <summary><c>guardrail serve</c>: runs the server in this process until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Build()
    {
        var store = new StoreOptions();
        var demo = new Option<bool>("--demo") { Description = "Fill an empty store with the demo organisation." };
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default: http://localhost:5000)." };
        var command = new Command("serve", "Run the Guardrail server.") { demo, urls };
        store.AddTo(command);
        command.SetAction(async parse =>
        {
            var storage = store.Read(parse);
            List<string> settings = [$"--Storage:DataDirectory={storage.DataDirectory}"];
            if (storage.Database is not null)
                settings.Add($"--Storage:Database={storage.Database}");
            if (parse.GetValue(demo))
                settings.Add("--Demo:Enabled=true");
            if (parse.GetValue(urls) is { } addresses)
                settings.Add($"--urls={addresses}");
            await Server.Program.Build([.. settings]).RunAsync();
            return ExitCodes.Success;
        });
        return command;
    }
}
