using System.Diagnostics;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Cmdb.Discovery.Kubernetes;

namespace Guardrail.Bench;

/// <summary>The Kubernetes adapter alone on one file: parsing and graph building, without the store.</summary>
internal static class DiscoveryTiming
{
    public static int Kubernetes(string path)
    {
        var text = File.ReadAllText(path);
        var parse = Stopwatch.StartNew();
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(text));
        Console.WriteLine($"YAML parse alone: {yaml.Documents.Count:N0} documents in {parse.Elapsed.TotalSeconds:F2} s");
        var clock = Stopwatch.StartNew();
        var result = KubernetesDiscovery.Discover([new SourceDocument(path, text)], new KubernetesDiscoveryOptions { Cluster = "bench" });
        Console.WriteLine($"kubernetes discovery: {result.Items.Count:N0} CIs, {result.Relationships.Count:N0} relationships in {clock.Elapsed.TotalSeconds:F2} s");
        return 0;
    }
}
