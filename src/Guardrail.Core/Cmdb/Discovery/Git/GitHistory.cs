using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Guardrail.Contracts;

namespace Guardrail.Core.Cmdb.Discovery.Git;

/// <summary>
/// The recent commit graph of a checked-out repository, read with the <c>git</c> command line (commit objects are
/// compressed and packed, and git itself is the reader that knows every format). Without git installed it is empty.
/// </summary>
public static class GitHistory
{
    public const int DefaultCommits = 10_000;

    private const char Separator = '\u001f';

    public static IReadOnlyList<GitCommitRecord> Read(string repositoryPath, int maxCommits = DefaultCommits)
    {
        var start = new ProcessStartInfo("git")
        {
            ArgumentList = { "-C", repositoryPath, "log", $"-n{maxCommits}", "--format=%H%x1f%P%x1f%aI%x1f%cI%x1f%an%x1f%s", "HEAD" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEnd();
            git.StandardError.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? Parse(output) : [];
        }
        catch (Win32Exception)
        {
            return [];
        }
    }

    internal static List<GitCommitRecord> Parse(string output) =>
    [
        .. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(Separator))
            .Where(fields => fields.Length == 6)
            .Select(fields => new GitCommitRecord(
                fields[0],
                fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries),
                DateTimeOffset.Parse(fields[2], CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(fields[3], CultureInfo.InvariantCulture),
                fields[4],
                fields[5])),
    ];
}
