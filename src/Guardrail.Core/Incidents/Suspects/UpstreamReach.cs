using Guardrail.Core.Cmdb;

namespace Guardrail.Core.Incidents.Suspects;

/// <summary>Where a suspect sits: how many hops upstream, and the CI it is reached through (null: on an affected service itself).</summary>
internal readonly record struct Place(int Hops, int? Node);

/// <summary>
/// Everything the affected CIs and services rely on, from the in-memory graph's memoised upstream walks: each CI with
/// its fewest hops from any root (the first root in node order on a tie) and the walk that reached it so; each catalogue
/// service with its nearest CI. The affected services are at 0 hops whether or not they have CIs.
/// </summary>
internal sealed class UpstreamReach
{
    private readonly Dictionary<int, (int Hops, ImpactWalk Walk, int Index)> _cis = [];
    private readonly Dictionary<long, Place> _services = [];

    private UpstreamReach(GraphSnapshot graph) => Graph = graph;

    public GraphSnapshot Graph { get; }

    public int CiCount => _cis.Count;

    public IReadOnlyDictionary<long, Place> Services => _services;

    public IEnumerable<long> CiIds => _cis.Keys.Select(Graph.IdOf);

    public static async Task<UpstreamReach> WalkAsync(GraphSnapshot graph, IReadOnlyCollection<int> ciRoots, IReadOnlyCollection<long> serviceRoots, int maxHops, CancellationToken cancellationToken)
    {
        var reach = new UpstreamReach(graph);
        foreach (var service in serviceRoots)
            reach._services[service] = new Place(0, null);
        foreach (var root in RootsOf(graph, ciRoots, serviceRoots))
        {
            var walk = await graph.ImpactAsync(root, ImpactDirection.Upstream, maxHops, cancellationToken);
            for (var i = 0; i < walk.Count; i++)
            {
                var node = walk.NodeAt(i);
                if (!reach._cis.TryGetValue(node, out var known) || walk.DepthAt(i) < known.Hops)
                    reach._cis[node] = (walk.DepthAt(i), walk, i);
            }
        }
        foreach (var (node, (hops, _, _)) in reach._cis)
        {
            if (graph.ServiceIds[node] is not { } service)
                continue;
            if (!reach._services.TryGetValue(service, out var known) || (known.Node is { } knownNode && (hops < known.Hops || (hops == known.Hops && node < knownNode))))
                reach._services[service] = new Place(hops, node);
        }
        return reach;
    }

    public Place? PlaceOfCi(long ciId) =>
        Graph.NodeOf(ciId) is { } node && _cis.TryGetValue(node, out var reached) ? new Place(reached.Hops, node) : null;

    /// <summary>The CIs from the affected one that reached <paramref name="node"/> to it, each with how the one before relies on it.</summary>
    public IReadOnlyList<(long CiId, string? Relation)> PathTo(int node)
    {
        var (_, walk, index) = _cis[node];
        return [.. walk.StepsTo(index).Select((step, position) => (
            Graph.IdOf(walk.NodeAt(step)),
            position == 0 ? null : SuspectWording.Relation(walk.ViaAt(step), Graph.Classes[walk.NodeAt(step)])))];
    }

    private static SortedSet<int> RootsOf(GraphSnapshot graph, IReadOnlyCollection<int> ciRoots, IReadOnlyCollection<long> serviceRoots)
    {
        var roots = new SortedSet<int>(ciRoots);
        foreach (var service in serviceRoots)
        {
            foreach (var node in graph.NodesOfService(service))
                roots.Add(node);
        }
        return roots;
    }
}
