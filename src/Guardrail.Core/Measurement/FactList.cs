using System.Collections;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Measurement;

/// <summary>
/// A list of facts kept in segments small enough to stay off the large object heap. A report reads hundreds of thousands of
/// rows; in one growing array they would cost a full garbage collection or two per report, which at scale took more time than
/// the reading.
/// </summary>
public sealed class FactList<T> : IReadOnlyList<T>
{
    /// <summary>Segments of 256 elements: under 85,000 bytes for elements of up to 330 bytes.</summary>
    private const int SegmentShift = 8;
    private const int SegmentLength = 1 << SegmentShift;

    private readonly List<T[]> _segments = [];

    public int Count { get; private set; }

    public T this[int index] =>
        (uint)index < (uint)Count ? _segments[index >> SegmentShift][index & (SegmentLength - 1)] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(T item)
    {
        if ((Count & (SegmentLength - 1)) == 0)
            _segments.Add(new T[SegmentLength]);
        _segments[^1][Count & (SegmentLength - 1)] = item;
        Count++;
    }

    /// <summary>Adds the rows of a query that <paramref name="keep"/> accepts, in the query's order.</summary>
    public async Task AddAsync(IQueryable<T> query, Func<T, bool>? keep, CancellationToken cancellationToken)
    {
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
            if (keep is null || keep(row))
                Add(row);
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return _segments[i >> SegmentShift][i & (SegmentLength - 1)];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

public static class FactListQueries
{
    public static async Task<FactList<T>> ToFactListAsync<T>(this IQueryable<T> query, Func<T, bool>? keep, CancellationToken cancellationToken)
    {
        var facts = new FactList<T>();
        await facts.AddAsync(query, keep, cancellationToken);
        return facts;
    }

    public static Task<FactList<T>> ToFactListAsync<T>(this IQueryable<T> query, CancellationToken cancellationToken) =>
        query.ToFactListAsync(null, cancellationToken);

    public static FactList<T> ToFactList<T>(this IEnumerable<T> facts)
    {
        var list = new FactList<T>();
        foreach (var fact in facts)
            list.Add(fact);
        return list;
    }
}
