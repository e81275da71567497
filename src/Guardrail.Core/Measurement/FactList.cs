using System.Collections;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Measurement;

/// <summary>
/// A list of facts kept in segments small enough to stay off the large object heap. A report reads hundreds of thousands of
/// rows; in one growing array they would cost a full garbage collection or two per report, which at scale took more time than
/// the reading.
/// </summary>
/// <remarks>
/// It is also an <see cref="IList{T}"/>, so that LINQ's <c>Skip</c>, <c>Take</c> and <c>Count</c> over it index instead of
/// walking from the start. Facts are only appended: inserting or removing one is not supported.
/// </remarks>
public sealed class FactList<T> : IList<T>, IReadOnlyList<T>
{
    /// <summary>Segments of 256 elements: under 85,000 bytes for elements of up to 330 bytes.</summary>
    private const int SegmentShift = 8;
    private const int SegmentLength = 1 << SegmentShift;

    private readonly List<T[]> _segments = [];

    public int Count { get; private set; }

    public bool IsReadOnly => false;

    public T this[int index]
    {
        get => (uint)index < (uint)Count ? _segments[index >> SegmentShift][index & (SegmentLength - 1)] : throw new ArgumentOutOfRangeException(nameof(index));
        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            _segments[index >> SegmentShift][index & (SegmentLength - 1)] = value;
        }
    }

    public void Add(T item)
    {
        if ((Count & (SegmentLength - 1)) == 0)
            _segments.Add(new T[SegmentLength]);
        _segments[^1][Count & (SegmentLength - 1)] = item;
        Count++;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return _segments[i >> SegmentShift][i & (SegmentLength - 1)];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(T item)
    {
        for (var i = 0; i < Count; i++)
            if (EqualityComparer<T>.Default.Equals(this[i], item))
                return i;
        return -1;
    }

    public bool Contains(T item) => IndexOf(item) >= 0;

    public void CopyTo(T[] array, int arrayIndex)
    {
        for (var i = 0; i < Count; i++)
            array[arrayIndex + i] = this[i];
    }

    public void Clear()
    {
        _segments.Clear();
        Count = 0;
    }

    void IList<T>.Insert(int index, T item) => throw new NotSupportedException("Facts are only appended.");

    void IList<T>.RemoveAt(int index) => throw new NotSupportedException("Facts are only appended.");

    bool ICollection<T>.Remove(T item) => throw new NotSupportedException("Facts are only appended.");
}

public static class FactListQueries
{
    /// <summary>The rows of a query that <paramref name="keep"/> accepts, in the query's order.</summary>
    public static async Task<FactList<T>> ToFactListAsync<T>(this IQueryable<T> query, Func<T, bool>? keep, CancellationToken cancellationToken)
    {
        var facts = new FactList<T>();
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
            if (keep is null || keep(row))
                facts.Add(row);
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
