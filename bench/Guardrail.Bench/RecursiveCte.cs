using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Guardrail.Bench;

/// <summary>The downstream impact of one CI as a recursive CTE straight on SQLite: the usual way, for comparison.</summary>
internal static class RecursiveCte
{
    public static int Measure(string database, long ciId, int runs)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = """
            WITH RECURSIVE impacted(id, depth) AS (
                SELECT FromCiId, 1 FROM CiRelationships WHERE ToCiId = $id AND Status = 'Active'
                UNION
                SELECT r.FromCiId, i.depth + 1 FROM CiRelationships r JOIN impacted i ON r.ToCiId = i.id
                WHERE i.depth < 10 AND r.Status = 'Active')
            SELECT COUNT(DISTINCT id) FROM impacted
            """;
        query.Parameters.AddWithValue("$id", ciId);
        var timings = new List<double>();
        long reached = 0;
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            reached = (long)query.ExecuteScalar()!;
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }
        timings.Sort();
        Console.WriteLine($"recursive CTE: {reached:N0} CIs reached; p50 {Percentile(timings, 0.5):F1} ms, p99 {Percentile(timings, 0.99):F1} ms over {runs} runs");
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
