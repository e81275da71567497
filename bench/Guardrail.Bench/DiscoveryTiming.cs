using System.Diagnostics;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Cmdb.Discovery.Kubernetes;

namespace Guardrail.Bench;

/// <summary>The Kubernetes adapter alone on one file (YAML parsing and graph building, without the store), twice: cold and warm.</summary>
internal static class DiscoveryTiming
{
    public static int Kubernetes(string path)
    {
        var text = File.ReadAllText(path);
        foreach (var pass in new[] { "cold", "warm" })
        {
            var (pausedBefore, allocatedBefore, cpuBefore) = (GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(), Process.GetCurrentProcess().TotalProcessorTime);
            var collectionsBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
            var clock = Stopwatch.StartNew();
            var result = KubernetesDiscovery.Discover([new SourceDocument(path, text)], new KubernetesDiscoveryOptions { Cluster = "bench" });
            Console.WriteLine($"kubernetes discovery ({pass}): {result.Items.Count:N0} CIs, {result.Relationships.Count:N0} relationships in {clock.Elapsed.TotalSeconds:F2} s " +
                $"(CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds:F2} s, GC pauses {(GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds:F2} s, " +
                $"{(GC.GetTotalAllocatedBytes() - allocatedBefore) / (1024 * 1024):N0} MiB allocated, " +
                $"collections by generation {string.Join("/", Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collectionsBefore[g]))})");
        }
        return 0;
    }
}
