using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Cmdb;

public enum ImpactDirection
{
    /// <summary>What is impacted when the CI fails: everything that depends on it, directly or not.</summary>
    Downstream,

    /// <summary>What the CI relies on, directly or not.</summary>
    Upstream,
}

/// <summary>
/// The active CMDB graph in memory, as compressed adjacency arrays over dense node numbers, so impact analysis on a
/// million CIs is a breadth-first walk over int arrays instead of recursive SQL. Like the service catalogue index
/// it is tagged with the audit sequence (every import and every change by hand appends an audit entry): a node
/// rebuilds after its own imports and polls the sequence to pick up other nodes' changes.
/// </summary>
public sealed class CmdbGraph(IServiceScopeFactory scopes)
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile GraphSnapshot? _snapshot;

    public long Sequence => _snapshot?.Sequence ?? -1;

    /// <summary>The graph, loaded on first use.</summary>
    public async Task<GraphSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } snapshot)
            return snapshot;
        await RefreshAsync(cancellationToken);
        return _snapshot!;
    }

    public async Task RefreshIfChangedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        if (_snapshot is not null && await db.AuditEntries.MaxAsync(e => (long?)e.Id, cancellationToken) != _snapshot.Sequence)
            await RefreshAsync(cancellationToken);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            _snapshot = await GraphSnapshot.LoadAsync(db, cancellationToken);
        }
        finally
        {
            _reload.Release();
        }
    }
}

/// <summary>One immutable load of the graph. Nodes are numbered 0..n-1 in CI id order.</summary>
public sealed class GraphSnapshot
{
    private readonly long[] _ids;
    private readonly int[] _impactOffsets;
    private readonly int[] _impactTargets;
    private readonly RelationshipType[] _impactTypes;
    private readonly int[] _reliesOffsets;
    private readonly int[] _reliesTargets;
    private readonly RelationshipType[] _reliesTypes;

    private GraphSnapshot(long sequence, long[] ids, CiClass[] classes, long?[] serviceIds, List<(int From, int To, RelationshipType Type)> impactEdges)
    {
        Sequence = sequence;
        _ids = ids;
        Classes = classes;
        ServiceIds = serviceIds;
        (_impactOffsets, _impactTargets, _impactTypes) = Compress(ids.Length, impactEdges, reverse: false);
        (_reliesOffsets, _reliesTargets, _reliesTypes) = Compress(ids.Length, impactEdges, reverse: true);
        EdgeCount = impactEdges.Count;
    }

    public long Sequence { get; }

    public int NodeCount => _ids.Length;

    public int EdgeCount { get; }

    public CiClass[] Classes { get; }

    public long?[] ServiceIds { get; }

    public long IdOf(int node) => _ids[node];

    public int? NodeOf(long ciId)
    {
        var node = Array.BinarySearch(_ids, ciId);
        return node >= 0 ? node : null;
    }

    /// <summary>
    /// Breadth-first from <paramref name="root"/> up to <paramref name="maxDepth"/> hops. The walk keeps, per node, the
    /// node it was first reached from (so the shortest path can be rebuilt) in arrays rented for the call: a walk
    /// over hundreds of thousands of CIs allocates next to nothing. Dispose the result to return them.
    /// </summary>
    public Walk Walk(int root, ImpactDirection direction, int maxDepth)
    {
        var (offsets, targets, types) = direction == ImpactDirection.Downstream
            ? (_impactOffsets, _impactTargets, _impactTypes)
            : (_reliesOffsets, _reliesTargets, _reliesTypes);
        var walk = new Walk(NodeCount, root);
        var frontierStart = 0;
        walk.Visit(root, depth: 0, parent: -1, via: default);
        for (var depth = 1; depth <= maxDepth && frontierStart < walk.Count; depth++)
        {
            var frontierEnd = walk.Count;
            for (var i = frontierStart; i < frontierEnd; i++)
            {
                var node = walk.NodeAt(i);
                for (var edge = offsets[node]; edge < offsets[node + 1]; edge++)
                {
                    var target = targets[edge];
                    if (!walk.Seen(target))
                        walk.Visit(target, depth, node, types[edge]);
                }
            }
            frontierStart = frontierEnd;
        }
        return walk;
    }

    /// <summary>
    /// Impact runs along a relationship one way or the other depending on its type; ownership and provenance carry
    /// none. "Part of" depends on the whole: a failing part degrades a service, system or domain, but a failing
    /// part does not take down the namespace or cluster it sits in (the container going down takes its parts down).
    /// </summary>
    public static bool? FailureOfTargetImpactsSource(RelationshipType type, CiClass targetClass) => type switch
    {
        RelationshipType.DependsOn or RelationshipType.RunsOn or RelationshipType.HostedBy or RelationshipType.ConsumesApi
            or RelationshipType.DeployedTo or RelationshipType.RoutesTo => true,
        RelationshipType.PartOf => targetClass is CiClass.Namespace or CiClass.Cluster or CiClass.Environment,
        RelationshipType.ProvidesApi => false,
        _ => null,
    };

    internal static async Task<GraphSnapshot> LoadAsync(GuardrailDb db, CancellationToken cancellationToken)
    {
        var sequence = await db.AuditEntries.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        var nodes = await db.ConfigurationItems.AsNoTracking().Where(c => c.Status == CiStatus.Active).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Class, c.ServiceId }).ToListAsync(cancellationToken);
        var ids = nodes.Select(n => n.Id).ToArray();
        var index = new Dictionary<long, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
            index[ids[i]] = i;
        var edges = new List<(int, int, RelationshipType)>();
        await foreach (var relationship in db.Relationships.AsNoTracking().Where(r => r.Status == CiStatus.Active)
            .Select(r => new { r.FromCiId, r.ToCiId, r.Type }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!index.TryGetValue(relationship.FromCiId, out var from) || !index.TryGetValue(relationship.ToCiId, out var to)
                || FailureOfTargetImpactsSource(relationship.Type, nodes[to].Class) is not { } towardsSource)
                continue;
            edges.Add(towardsSource ? (to, from, relationship.Type) : (from, to, relationship.Type));
        }
        return new GraphSnapshot(sequence, ids, [.. nodes.Select(n => n.Class)], [.. nodes.Select(n => n.ServiceId)], edges);
    }

    private static (int[] Offsets, int[] Targets, RelationshipType[] Types) Compress(int nodeCount, List<(int From, int To, RelationshipType Type)> edges, bool reverse)
    {
        var offsets = new int[nodeCount + 1];
        foreach (var (from, to, _) in edges)
            offsets[(reverse ? to : from) + 1]++;
        for (var i = 0; i < nodeCount; i++)
            offsets[i + 1] += offsets[i];
        var fill = (int[])offsets.Clone();
        var targets = new int[edges.Count];
        var types = new RelationshipType[edges.Count];
        foreach (var (from, to, type) in edges)
        {
            var slot = fill[reverse ? to : from]++;
            targets[slot] = reverse ? from : to;
            types[slot] = type;
        }
        return (offsets, targets, types);
    }
}

/// <summary>
/// The nodes a walk reached, in the order reached (the root first, at index 0), each with its depth, the node it was
/// first reached from and the relationship type it was reached along.
/// </summary>
public sealed class Walk : IDisposable
{
    private readonly int[] _parentOf;
    private readonly int[] _order;
    private readonly int[] _depthOf;
    private readonly RelationshipType[] _viaOf;

    internal Walk(int nodeCount, int root)
    {
        Root = root;
        _parentOf = System.Buffers.ArrayPool<int>.Shared.Rent(nodeCount);
        _depthOf = System.Buffers.ArrayPool<int>.Shared.Rent(nodeCount);
        _order = System.Buffers.ArrayPool<int>.Shared.Rent(nodeCount);
        _viaOf = System.Buffers.ArrayPool<RelationshipType>.Shared.Rent(nodeCount);
        Array.Fill(_parentOf, int.MinValue, 0, nodeCount);
    }

    public int Root { get; }

    /// <summary>How many nodes were reached, the root included.</summary>
    public int Count { get; private set; }

    public int NodeAt(int index) => _order[index];

    public int DepthOf(int node) => _depthOf[node];

    public RelationshipType ViaOf(int node) => _viaOf[node];

    /// <summary>The nodes from the root to <paramref name="node"/>, both included.</summary>
    public List<int> PathTo(int node)
    {
        var path = new List<int>();
        for (var step = node; step != -1; step = _parentOf[step])
            path.Add(step);
        path.Reverse();
        return path;
    }

    internal bool Seen(int node) => _parentOf[node] != int.MinValue;

    internal void Visit(int node, int depth, int parent, RelationshipType via)
    {
        _parentOf[node] = parent;
        _depthOf[node] = depth;
        _viaOf[node] = via;
        _order[Count++] = node;
    }

    public void Dispose()
    {
        System.Buffers.ArrayPool<int>.Shared.Return(_parentOf);
        System.Buffers.ArrayPool<int>.Shared.Return(_depthOf);
        System.Buffers.ArrayPool<int>.Shared.Return(_order);
        System.Buffers.ArrayPool<RelationshipType>.Shared.Return(_viaOf);
    }
}
