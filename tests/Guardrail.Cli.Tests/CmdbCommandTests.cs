using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

/// <summary><c>guardrail discover</c> against a real server: the answer on standard output, how the upload goes on standard error.</summary>
public class CmdbCommandTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    private static string Corpus { get; } = FindCorpus();

    private static string FindCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Guardrail.slnx")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
        }
        throw new InvalidOperationException("Guardrail.slnx not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task Discover_sends_a_small_manifest_in_one_line_and_prints_the_run_as_json()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var scope = UniqueKey("boutique");

        var result = await RunAsync(app, admin, ExitCodes.Success, "discover", "kubernetes",
            Path.Combine(Corpus, "kubernetes/online-boutique/kubernetes-manifests.yaml"), "--scope", scope, "--json");

        Assert.Equal(26, JsonNode.Parse(result.Out)!["run"]!["created"]!.GetValue<int>());
        Assert.StartsWith("Sending 1 file(s),", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("sent ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_of_a_large_manifest_reports_each_quarter_sent_when_not_on_a_terminal()
    {
        var admin = await app.IssueTokenAsync(Role.Admin);
        var file = Path.Combine(Directory.CreateTempSubdirectory("guardrail-discover-").FullName, "large.yaml");
        var manifest = new StringBuilder();
        for (var i = 0; manifest.Length < UploadProgress.ShownFrom * 5 / 4; i++)
            manifest.Append(CultureInfo.InvariantCulture, $"apiVersion: v1\nkind: Service\nmetadata: {{name: svc-{i}, namespace: big}}\nspec: {{ports: [{{port: 80}}]}}\n---\n");
        await File.WriteAllTextAsync(file, manifest.ToString());

        var result = await RunAsync(app, admin, ExitCodes.Success, "discover", "kubernetes", file, "--scope", UniqueKey("large"));

        var progress = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["(25%)", "(50%)", "(75%)", "(100%)"], progress.Where(l => l.StartsWith("sent ", StringComparison.Ordinal)).Select(l => l[l.LastIndexOf('(')..]));
        Assert.Equal("waiting for the server to reconcile…", progress[^1]);
        Assert.StartsWith("Did import 1 document(s)", result.Out, StringComparison.Ordinal);
    }
}
