using Guardrail.Core.Cmdb;

namespace Guardrail.Core.Changes;

/// <summary>What a change can break: the CIs downstream of the ones it touches, and the business services among them.</summary>
public sealed record BlastRadiusFigures(int DownstreamCis, int BusinessServices);

/// <summary>
/// Blast radius from the in-memory CMDB graph. A change names its CIs, or else touches every CI of its service; the
/// walks are memoised by the graph, so a second change of the same service costs a dictionary lookup.
/// </summary>
public sealed class BlastRadius(CmdbGraph graph)
{
    public const int MaxDepth = 10;

    private (long Sequence, System.Collections.Concurrent.ConcurrentDictionary<long, BlastRadiusFigures> ByService)? _serviceFigures;

    public async Task<BlastRadiusFigures> MeasureAsync(long serviceId, IReadOnlyCollection<long> ciIds, CancellationToken cancellationToken)
    {
        var snapshot = await graph.SnapshotAsync(cancellationToken);
        if (ciIds.Count > 0)
            return await MeasureAsync(snapshot, [.. ciIds.Select(snapshot.NodeOf).OfType<int>()], cancellationToken);
        // A whole service's figures stand while the graph is unchanged; the gate asks for them on every decision.
        var cache = _serviceFigures is { } current && current.Sequence == snapshot.Sequence
            ? current.ByService
            : (_serviceFigures = (snapshot.Sequence, new System.Collections.Concurrent.ConcurrentDictionary<long, BlastRadiusFigures>())).Value.ByService;
        if (cache.TryGetValue(serviceId, out var known))
            return known;
        var figures = await MeasureAsync(snapshot, NodesOf(snapshot, serviceId), cancellationToken);
        cache[serviceId] = figures;
        return figures;
    }

    private static async Task<BlastRadiusFigures> MeasureAsync(GraphSnapshot snapshot, int[] roots, CancellationToken cancellationToken)
    {
        if (roots.Length == 0)
            return new BlastRadiusFigures(0, 0);
        if (roots.Length == 1)
        {
            return await snapshot.ReadImpactAsync(roots[0], ImpactDirection.Downstream, MaxDepth,
                walk => new BlastRadiusFigures(walk.Count - 1, walk.BusinessServiceCiIds.Count), cancellationToken);
        }
        var rootSet = roots.ToHashSet();
        var reached = new HashSet<int>();
        var businessServices = new HashSet<long>();
        foreach (var root in roots)
        {
            await snapshot.ReadImpactAsync(root, ImpactDirection.Downstream, MaxDepth, walk =>
            {
                for (var i = 1; i < walk.Count; i++)
                {
                    if (!rootSet.Contains(walk.NodeAt(i)))
                        reached.Add(walk.NodeAt(i));
                }
                businessServices.UnionWith(walk.BusinessServiceCiIds);
            }, cancellationToken);
        }
        return new BlastRadiusFigures(reached.Count, businessServices.Count);
    }

    /// <summary>Whether one of the CIs in <paramref name="a"/> is, or depends on or is depended on by, one in <paramref name="b"/>.</summary>
    public async Task<bool> RelatedAsync(long serviceA, IReadOnlyCollection<long> a, long serviceB, IReadOnlyCollection<long> b, CancellationToken cancellationToken)
    {
        var snapshot = await graph.SnapshotAsync(cancellationToken);
        var nodesA = a.Count > 0 ? a.Select(snapshot.NodeOf).OfType<int>().ToArray() : NodesOf(snapshot, serviceA);
        var nodesB = (b.Count > 0 ? b.Select(snapshot.NodeOf).OfType<int>().ToArray() : NodesOf(snapshot, serviceB)).ToHashSet();
        if (nodesA.Any(nodesB.Contains))
            return true;
        foreach (var direction in (ImpactDirection[])[ImpactDirection.Downstream, ImpactDirection.Upstream])
        {
            foreach (var root in nodesA)
            {
                if (await snapshot.ReadImpactAsync(root, direction, MaxDepth, walk => Reaches(walk, nodesB), cancellationToken))
                    return true;
            }
        }
        return false;
    }

    private static bool Reaches(ImpactWalk walk, HashSet<int> nodes)
    {
        for (var i = 1; i < walk.Count; i++)
        {
            if (nodes.Contains(walk.NodeAt(i)))
                return true;
        }
        return false;
    }

    private static int[] NodesOf(GraphSnapshot snapshot, long serviceId) => snapshot.NodesOfService(serviceId).ToArray();
}
