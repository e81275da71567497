using Spectre.Console;

namespace Guardrail.Cli;

/// <summary>Where a command reads and writes and how it reaches the server; tests swap in a reader, writers and an in-process handler.</summary>
internal sealed record CliContext(TextReader In, TextWriter Out, TextWriter Error, HttpMessageHandler? Handler = null)
{
    public static CliContext FromConsole() => new(Console.In, Console.Out, Console.Error);

    public IAnsiConsole Terminal
    {
        get
        {
            var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Out), Interactive = InteractionSupport.No });
            // Piped output has no window to fit: never wrap table cells there.
            if (Out != Console.Out || Console.IsOutputRedirected)
                terminal.Profile.Width = 240;
            return terminal;
        }
    }

    /// <summary>Someone may be typing into standard input, rather than a pipe or a file feeding it.</summary>
    public bool InputIsTerminal => In == Console.In && !Console.IsInputRedirected;

    public ApiClient Api(System.CommandLine.ParseResult parse, TimeSpan? timeout = null) =>
        ApiClient.Create(parse.GetValue(GlobalOptions.Server)!, parse.GetValue(GlobalOptions.Token), Error, Handler, timeout);
}
