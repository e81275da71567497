namespace Guardrail.Server.Tests.Support;

/// <summary>The third-party data beside the repository (<c>../shared/corpus</c>) that ingestion tests read.</summary>
public static class Corpus
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Guardrail.slnx")))
                return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "corpus"));
        }
        throw new InvalidOperationException("Guardrail.slnx not found above " + AppContext.BaseDirectory);
    }
}
