using System.Buffers;

namespace Guardrail.Core.Measurement;

/// <summary>The median and 90th percentile of a set of durations, interpolated between ranks as SQL's PERCENTILE_CONT is.</summary>
public readonly record struct Distribution(double? Median, double? P90, int Count)
{
    public static readonly Distribution Empty = new(null, null, 0);

    /// <summary>
    /// Sorts the values in a pooled buffer: a year of an organisation's changes is megabytes of them, and a fresh array per
    /// figure would land on the large object heap each time.
    /// </summary>
    public static Distribution Of(IEnumerable<double> values)
    {
        var buffer = ArrayPool<double>.Shared.Rent(values.TryGetNonEnumeratedCount(out var known) ? Math.Max(known, 1) : 1024);
        var count = 0;
        try
        {
            foreach (var value in values)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<double>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan().CopyTo(larger);
                    ArrayPool<double>.Shared.Return(buffer);
                    buffer = larger;
                }
                buffer[count++] = value;
            }
            if (count == 0)
                return Empty;
            var sorted = buffer.AsSpan(0, count);
            sorted.Sort();
            return new Distribution(Percentile(sorted, 0.5), Percentile(sorted, 0.9), count);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>PERCENTILE_CONT over sorted values: the value at rank p·(n−1), interpolated linearly between its neighbours.</summary>
    public static double Percentile(ReadOnlySpan<double> sorted, double p)
    {
        var rank = p * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = (int)Math.Ceiling(rank);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
