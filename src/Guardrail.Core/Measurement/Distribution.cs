namespace Guardrail.Core.Measurement;

/// <summary>The median and 90th percentile of a set of durations, interpolated between ranks as SQL's PERCENTILE_CONT is.</summary>
public readonly record struct Distribution(double? Median, double? P90, int Count)
{
    public static readonly Distribution Empty = new(null, null, 0);

    /// <summary>Sorts <paramref name="values"/> in place.</summary>
    public static Distribution Of(double[] values)
    {
        if (values.Length == 0)
            return Empty;
        Array.Sort(values);
        return new Distribution(Percentile(values, 0.5), Percentile(values, 0.9), values.Length);
    }

    public static Distribution Of(IEnumerable<double> values) => Of(values.ToArray());

    /// <summary>PERCENTILE_CONT over sorted values: the value at rank p·(n−1), interpolated linearly between its neighbours.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        var rank = p * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = (int)Math.Ceiling(rank);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
