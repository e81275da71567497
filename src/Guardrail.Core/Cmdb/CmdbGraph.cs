using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Guardrail.Core.Cmdb;

public enum ImpactDirection
{
    /// <summary>What is impacted when the CI fails: everything that depends on it, directly or not.</summary>
    Downstream,

    /// <summary>What the CI relies on, directly or not.</summary>
    Upstream,
}

public sealed class CmdbGraphOptions
{
    public const string SectionName = "CmdbGraph";

    /// <summary>How many reached nodes the memo of impact walks keeps in all (about 13 bytes each); 0 walks every time.</summary>
    [Range(0, 100_000_000)]
    public int ImpactMemoNodes { get; set; } = 4_000_000;
}

/// <summary>
/// The active CMDB graph in memory, as compressed adjacency arrays over dense node numbers, so impact analysis on a
/// million CIs is a breadth-first walk over int arrays instead of recursive SQL. Like the service catalogue index
/// it is tagged with the audit sequence (every import and every change by hand appends an audit entry): a node
/// rebuilds after its own imports and polls the sequence to pick up other nodes' changes.
/// </summary>
public sealed class CmdbGraph(IServiceScopeFactory scopes, IOptions<CmdbGraphOptions> options)
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
        if (_snapshot is not null && await GraphSnapshot.SequenceAsync(db, cancellationToken) != _snapshot.Sequence)
            await RefreshAsync(cancellationToken);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var relationshipsScope = scopes.CreateAsyncScope();
            _snapshot = await GraphSnapshot.LoadAsync(scope.ServiceProvider.GetRequiredService<GuardrailDb>(),
                relationshipsScope.ServiceProvider.GetRequiredService<GuardrailDb>(), options.Value.ImpactMemoNodes, cancellationToken);
        }
        finally
        {
            _reload.Release();
        }
    }
}

/// <summary>
/// One immutable load of the graph. Nodes are numbered 0..n-1 in CI id order. Walks reuse scratch arrays of the graph's
/// size, at most one per core at a time, and their results are memoised per (root, direction, depth) in a small cache
/// bounded by the nodes it holds: the snapshot is immutable, so a memo is right for as long as the snapshot is current.
/// </summary>
public sealed class GraphSnapshot
{
    private const int MemoEntries = 64;

    private readonly long[] _ids;
    private readonly int[] _impactOffsets;
    private readonly Edge[] _impactEdges;
    private readonly int[] _reliesOffsets;
    private readonly Edge[] _reliesEdges;
    private readonly ulong[] _notable;
    private readonly Lazy<Dictionary<long, int[]>> _nodesByService;
    private readonly ConcurrentBag<WalkScratch> _scratch = [];
    private readonly SemaphoreSlim _walkers = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly Lock _memoLock = new();
    private readonly Dictionary<(int Root, ImpactDirection Direction, int MaxDepth), (ImpactWalk Walk, long LastUsed)> _memo = [];
    private readonly int _memoNodeBudget;
    private long _memoClock;
    private int _memoNodes;

    private GraphSnapshot(long sequence, long[] ids, CiClass[] classes, long?[] serviceIds, List<(int From, int To, RelationshipType Type)> impactEdges, int memoNodeBudget)
    {
        Sequence = sequence;
        _memoNodeBudget = memoNodeBudget;
        _ids = ids;
        Classes = classes;
        ServiceIds = serviceIds;
        (_impactOffsets, _impactEdges) = Compress(ids.Length, impactEdges, reverse: false);
        (_reliesOffsets, _reliesEdges) = Compress(ids.Length, impactEdges, reverse: true);
        EdgeCount = impactEdges.Count;
        _notable = BitSet.For(ids.Length);
        for (var node = 0; node < ids.Length; node++)
        {
            if (classes[node] == CiClass.BusinessService || serviceIds[node] is not null)
                BitSet.Set(_notable, node);
        }
        _nodesByService = new(() => IndexByService(serviceIds));
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

    /// <summary>The nodes of the CIs that belong to a catalogue service, in node order; indexed on first use.</summary>
    public ReadOnlySpan<int> NodesOfService(long serviceId) => _nodesByService.Value.GetValueOrDefault(serviceId) ?? [];

    private static Dictionary<long, int[]> IndexByService(long?[] serviceIds)
    {
        var byService = new Dictionary<long, List<int>>();
        for (var node = 0; node < serviceIds.Length; node++)
        {
            if (serviceIds[node] is { } owner)
            {
                if (!byService.TryGetValue(owner, out var nodes))
                    byService[owner] = nodes = [];
                nodes.Add(node);
            }
        }
        return byService.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>The walk from <paramref name="root"/> in arrays of its own, from the memo when an earlier call made it.</summary>
    public Task<ImpactWalk> ImpactAsync(int root, ImpactDirection direction, int maxDepth, CancellationToken cancellationToken) =>
        ReadImpactAsync(root, direction, maxDepth, walk => walk.Detach(), cancellationToken);

    /// <summary>
    /// Lends the walk from <paramref name="root"/> to <paramref name="read"/>, from the memo when an earlier call made
    /// it; the walk is valid only until <paramref name="read"/> returns. A walk too large for the memo is read straight
    /// from the walker's scratch arrays, so a caller that needs only part of it copies nothing: at half a million nodes
    /// a copy is megabytes for the garbage collector per call.
    /// </summary>
    public Task ReadImpactAsync(int root, ImpactDirection direction, int maxDepth, Action<ImpactWalk> read, CancellationToken cancellationToken) =>
        ReadImpactAsync(root, direction, maxDepth, walk =>
        {
            read(walk);
            return true;
        }, cancellationToken);

    /// <inheritdoc cref="ReadImpactAsync(int, ImpactDirection, int, Action{ImpactWalk}, CancellationToken)"/>
    public async Task<T> ReadImpactAsync<T>(int root, ImpactDirection direction, int maxDepth, Func<ImpactWalk, T> read, CancellationToken cancellationToken)
    {
        var key = (root, direction, maxDepth);
        ImpactWalk? kept = null;
        lock (_memoLock)
        {
            if (_memo.TryGetValue(key, out var hit))
            {
                _memo[key] = (hit.Walk, ++_memoClock);
                kept = hit.Walk;
            }
        }
        if (kept is null)
        {
            await _walkers.WaitAsync(cancellationToken);
            WalkScratch? scratch = null;
            try
            {
                scratch = _scratch.TryTake(out var pooled) ? pooled : new WalkScratch(NodeCount);
                var walk = Walk(scratch, root, direction, maxDepth);
                if (walk.Count > _memoNodeBudget)
                    return ReadLent(walk, read);
                kept = walk.Detach();
                walk.Return();
                Remember(key, kept);
            }
            finally
            {
                if (scratch is not null)
                    _scratch.Add(scratch);
                _walkers.Release();
            }
        }
        return ReadLent(kept.Lend(), read);
    }

    private static T ReadLent<T>(ImpactWalk lent, Func<ImpactWalk, T> read)
    {
        try
        {
            return read(lent);
        }
        finally
        {
            lent.Return();
        }
    }

    /// <summary>Breadth-first from <paramref name="root"/> up to <paramref name="maxDepth"/> hops, keeping for each node the one it was first reached from.</summary>
    private ImpactWalk Walk(WalkScratch scratch, int root, ImpactDirection direction, int maxDepth)
    {
        var (offsets, edges) = direction == ImpactDirection.Downstream ? (_impactOffsets, _impactEdges) : (_reliesOffsets, _reliesEdges);
        scratch.Clear();
        var (seen, order, parents, depths, via, notable) = (scratch.Seen, scratch.Order, scratch.ParentIndex, scratch.Depth, scratch.Via, scratch.Notable);
        BitSet.Set(seen, root);
        order[0] = root;
        parents[0] = -1;
        depths[0] = 0;
        if (BitSet.IsSet(_notable, root))
            notable.Add(0);
        var count = 1;
        var frontierStart = 0;
        for (var depth = 1; depth <= maxDepth && frontierStart < count; depth++)
        {
            var frontierEnd = count;
            for (var i = frontierStart; i < frontierEnd; i++)
            {
                var node = order[i];
                for (var edge = offsets[node]; edge < offsets[node + 1]; edge++)
                {
                    var (target, type) = edges[edge];
                    if (BitSet.IsSet(seen, target))
                        continue;
                    BitSet.Set(seen, target);
                    if (BitSet.IsSet(_notable, target))
                        notable.Add(count);
                    order[count] = target;
                    parents[count] = i;
                    depths[count] = (byte)depth;
                    via[count] = type;
                    count++;
                }
            }
            frontierStart = frontierEnd;
        }
        return ImpactWalk.Lent(this, count, order, parents, depths, via, notable);
    }

    private void Remember((int, ImpactDirection, int) key, ImpactWalk walk)
    {
        lock (_memoLock)
        {
            if (_memo.ContainsKey(key))
                return;
            while (_memo.Count > 0 && (_memo.Count >= MemoEntries || _memoNodes + walk.Count > _memoNodeBudget))
            {
                var oldest = _memo.MinBy(entry => entry.Value.LastUsed);
                _memo.Remove(oldest.Key);
                _memoNodes -= oldest.Value.Walk.Count;
            }
            _memo[key] = (walk, ++_memoClock);
            _memoNodes += walk.Count;
        }
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

    /// <summary>
    /// The audit entry of the CMDB's latest write: every write to CIs and relationships, imported or by hand, is an import
    /// run, audited as one. Other records' entries (a change, a vote) leave the graph as it is.
    /// </summary>
    internal static async Task<long> SequenceAsync(GuardrailDb db, CancellationToken cancellationToken)
    {
        var importRuns = Audit.GovernedRecords.RecordTypeOf(typeof(ImportRun))!;
        return await db.AuditEntries.Where(e => e.RecordType == importRuns).MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
    }

    /// <summary>
    /// Reads the relationships on a connection of their own while the CIs are read: at a million CIs and three million
    /// relationships each read takes seconds.
    /// </summary>
    internal static async Task<GraphSnapshot> LoadAsync(GuardrailDb db, GuardrailDb relationshipsDb, int memoNodeBudget, CancellationToken cancellationToken)
    {
        // The sequence is read first, so the graph is never older than the sequence it is tagged with.
        var sequence = await SequenceAsync(db, cancellationToken);
        var relationships = Task.Run(() => relationshipsDb.Relationships.AsNoTracking().Where(r => r.Status == CiStatus.Active)
            .Select(r => new EdgeRow(r.FromCiId, r.ToCiId, r.Type)).ToListAsync(cancellationToken), cancellationToken);
        var nodes = db.ConfigurationItems.AsNoTracking().Where(c => c.Status == CiStatus.Active).OrderBy(c => c.Id)
            .Select(c => new NodeRow(c.Id, c.Class, c.ServiceId)).ToListAsync(cancellationToken);
        // Both reads end before the caller disposes their contexts, even when one of them fails.
        await Task.WhenAll(relationships, nodes);
        return Build(sequence, nodes.Result, relationships.Result, memoNodeBudget);
    }

    private static GraphSnapshot Build(long sequence, List<NodeRow> nodes, List<EdgeRow> rows, int memoNodeBudget)
    {
        var ids = nodes.Select(n => n.Id).ToArray();
        var index = new Dictionary<long, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
            index[ids[i]] = i;
        var edges = new List<(int, int, RelationshipType)>(rows.Count);
        foreach (var relationship in rows)
        {
            if (!index.TryGetValue(relationship.FromCiId, out var from) || !index.TryGetValue(relationship.ToCiId, out var to)
                || FailureOfTargetImpactsSource(relationship.Type, nodes[to].Class) is not { } towardsSource)
                continue;
            edges.Add(towardsSource ? (to, from, relationship.Type) : (from, to, relationship.Type));
        }
        return new GraphSnapshot(sequence, ids, [.. nodes.Select(n => n.Class)], [.. nodes.Select(n => n.ServiceId)], edges, memoNodeBudget);
    }

    /// <summary>Rows as values, not objects: a graph of millions is read without an allocation per row.</summary>
    private readonly record struct NodeRow(long Id, CiClass Class, long? ServiceId);

    private readonly record struct EdgeRow(long FromCiId, long ToCiId, RelationshipType Type);

    /// <summary>A node's neighbour and the relationship that leads to it, side by side: a walk reads both from one cache line.</summary>
    private readonly record struct Edge(int Target, RelationshipType Type);

    private static (int[] Offsets, Edge[] Edges) Compress(int nodeCount, List<(int From, int To, RelationshipType Type)> edges, bool reverse)
    {
        var offsets = new int[nodeCount + 1];
        foreach (var (from, to, _) in edges)
            offsets[(reverse ? to : from) + 1]++;
        for (var i = 0; i < nodeCount; i++)
            offsets[i + 1] += offsets[i];
        var fill = (int[])offsets.Clone();
        var compressed = new Edge[edges.Count];
        foreach (var (from, to, type) in edges)
        {
            var slot = fill[reverse ? to : from]++;
            compressed[slot] = new Edge(reverse ? from : to, type);
        }
        return (offsets, compressed);
    }

    /// <summary>
    /// Arrays of the graph's size that one walk at a time uses. A node is seen when its bit is set: at a million nodes the
    /// bits take 125 KB, which stay in the core's cache while the walk tests them in no particular order.
    /// </summary>
    private sealed class WalkScratch(int nodeCount)
    {
        public ulong[] Seen { get; } = BitSet.For(nodeCount);

        public int[] Order { get; } = new int[nodeCount];

        public int[] ParentIndex { get; } = new int[nodeCount];

        public byte[] Depth { get; } = new byte[nodeCount];

        public RelationshipType[] Via { get; } = new RelationshipType[nodeCount];

        /// <summary>The indexes, in walk order, of the reached nodes that are notable.</summary>
        public List<int> Notable { get; } = [];

        public void Clear()
        {
            Array.Clear(Seen);
            Notable.Clear();
        }
    }
}

/// <summary>A set of node numbers as one bit each.</summary>
internal static class BitSet
{
    public static ulong[] For(int count) => new ulong[(count + 63) / 64];

    public static bool IsSet(ulong[] bits, int index) => (bits[index >> 6] & (1UL << index)) != 0;

    public static void Set(ulong[] bits, int index) => bits[index >> 6] |= 1UL << index;
}

/// <summary>
/// The nodes a walk reached, in the order reached (the root first, at index 0), each with its depth, the index of the
/// node it was first reached from and the relationship type it was reached along; with what the whole walk touches:
/// the business-service CIs among the reached nodes and the catalogue services of every node, the root included.
/// A walk lent by <see cref="GraphSnapshot.ReadImpactAsync{T}"/> is valid only while it is lent (it may read the
/// walker's scratch arrays); <see cref="Detach"/> gives one that is always valid.
/// </summary>
public sealed class ImpactWalk
{
    private readonly int _count;
    private readonly int[] _nodes;
    private readonly int[] _parentIndex;
    private readonly byte[] _depths;
    private readonly RelationshipType[] _via;
    private readonly IReadOnlyList<long> _businessServiceCiIds;
    private readonly IReadOnlyCollection<long> _catalogueServiceIds;

    /// <summary>Whether this walk is a loan, which ends with <see cref="Return"/>.</summary>
    private readonly bool _lent;

    /// <summary>For a loan of a detached walk, that walk.</summary>
    private readonly ImpactWalk? _detached;

    private bool _returned;

    private ImpactWalk(bool lent, ImpactWalk? detached, int count, int[] nodes, int[] parentIndex, byte[] depths, RelationshipType[] via,
        IReadOnlyList<long> businessServiceCiIds, IReadOnlyCollection<long> catalogueServiceIds)
    {
        _lent = lent;
        _detached = detached;
        _count = count;
        _nodes = nodes;
        _parentIndex = parentIndex;
        _depths = depths;
        _via = via;
        _businessServiceCiIds = businessServiceCiIds;
        _catalogueServiceIds = catalogueServiceIds;
    }

    /// <summary>A loan of the walk in the walker's scratch arrays.</summary>
    /// <param name="notable">
    /// The indexes of the reached nodes that are business-service CIs or belong to a catalogue service: what an impact
    /// reports besides the CIs it reaches.
    /// </param>
    internal static ImpactWalk Lent(GraphSnapshot graph, int count, int[] nodes, int[] parentIndex, byte[] depths, RelationshipType[] via, List<int> notable)
    {
        var businessCis = new List<long>();
        var services = new HashSet<long>();
        foreach (var i in notable)
        {
            var node = nodes[i];
            if (i > 0 && graph.Classes[node] == CiClass.BusinessService)
                businessCis.Add(graph.IdOf(node));
            if (graph.ServiceIds[node] is { } serviceId)
                services.Add(serviceId);
        }
        return new ImpactWalk(lent: true, null, count, nodes, parentIndex, depths, via, businessCis.AsReadOnly(), new ReadOnlySet<long>(services));
    }

    /// <summary>The same walk, valid for as long as it is kept: in arrays of its own unless it already has them.</summary>
    public ImpactWalk Detach()
    {
        ThrowIfReturned();
        if (!_lent)
            return this;
        return _detached ?? new ImpactWalk(lent: false, null, _count, Copy(_nodes), Copy(_parentIndex), Copy(_depths), Copy(_via), _businessServiceCiIds, _catalogueServiceIds);
    }

    /// <summary>A loan of this detached walk, so a reader that keeps it past the loan fails whatever the walk's size.</summary>
    internal ImpactWalk Lend() =>
        _lent ? throw new InvalidOperationException("Only a detached walk is lent again.")
            : new ImpactWalk(lent: true, this, _count, _nodes, _parentIndex, _depths, _via, _businessServiceCiIds, _catalogueServiceIds);

    /// <summary>Ends the loan: the arrays may go back to the walker.</summary>
    internal void Return() => _returned = _lent;

    /// <summary>Without zeroing first: a walk of half a million nodes is megabytes, all of it overwritten at once.</summary>
    private T[] Copy<T>(T[] walked)
    {
        var copy = GC.AllocateUninitializedArray<T>(_count);
        Array.Copy(walked, copy, _count);
        return copy;
    }

    /// <summary>How many nodes were reached, the root included.</summary>
    public int Count
    {
        get
        {
            ThrowIfReturned();
            return _count;
        }
    }

    public IReadOnlyList<long> BusinessServiceCiIds
    {
        get
        {
            ThrowIfReturned();
            return _businessServiceCiIds;
        }
    }

    public IReadOnlyCollection<long> CatalogueServiceIds
    {
        get
        {
            ThrowIfReturned();
            return _catalogueServiceIds;
        }
    }

    public int NodeAt(int index) => _nodes[Checked(index)];

    public int DepthAt(int index) => _depths[Checked(index)];

    public RelationshipType ViaAt(int index) => _via[Checked(index)];

    /// <summary>The nodes from the root to the one at <paramref name="index"/>, both included.</summary>
    public List<int> PathTo(int index) => StepsTo(index).ConvertAll(NodeAt);

    /// <summary>The indexes in this walk of the nodes from the root (index 0) to the one at <paramref name="index"/>, both included.</summary>
    public List<int> StepsTo(int index)
    {
        var steps = new List<int>();
        for (var step = Checked(index); step != -1; step = _parentIndex[step])
            steps.Add(step);
        steps.Reverse();
        return steps;
    }

    private int Checked(int index)
    {
        ThrowIfReturned();
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        return index;
    }

    private void ThrowIfReturned() => ObjectDisposedException.ThrowIf(_returned, this);
}
