namespace Guardrail.Cli;

/// <summary>Files a verb reads, where <c>-</c> means standard input.</summary>
internal static class InputFiles
{
    /// <summary>The file's text; null (with the error printed) when it does not exist.</summary>
    public static async Task<string?> ReadTextAsync(CliContext context, string file, string what, CancellationToken cancellationToken)
    {
        if (file == "-")
            return await context.In.ReadToEndAsync(cancellationToken);
        if (File.Exists(file))
            return await File.ReadAllTextAsync(file, cancellationToken);
        await context.Error.WriteLineAsync($"error: the {what} '{file}' does not exist.");
        return null;
    }

    /// <summary>The SHAs of a commits file, one a line; null (with the error printed) when the file does not exist.</summary>
    public static async Task<List<string>?> ReadCommitsAsync(CliContext context, string file, CancellationToken cancellationToken) =>
        await ReadTextAsync(context, file, "commits file", cancellationToken) is { } text
            ? [.. text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0)]
            : null;
}
