using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Guardrail.Bench;

/// <summary>
/// Writes a layered CMDB into a migrated Guardrail SQLite store: 0.1% infrastructure (databases), 0.9% platform
/// services, 9% services and 90% workloads; every CI above the bottom layer depends on three CIs of the layer
/// below, and CI 1 (a central database) is depended on directly by 20,000 services: the large fan-in.
/// Deterministic (fixed seed).
/// </summary>
internal static class SyntheticGraph
{
    public static int Generate(string database, int ciCount, int relationshipCount)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(20261126);
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;";
            pragma.ExecuteNonQuery();
        }
        var layerStarts = new[] { 1, 1 + ciCount / 1000, 1 + ciCount / 100, 1 + ciCount / 10, ciCount + 1 };
        string[] classes = ["Database", "TechnicalService", "TechnicalService", "Workload"];
        const string now = "2026-11-26 00:00:00";

        using (var transaction = connection.BeginTransaction())
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO ConfigurationItems (Id, "Key", Class, Name, Scope, Status, IsManual, ServiceId, Attributes, Version, CreatedAt, UpdatedAt, RetiredAt)
                VALUES ($id, $key, $class, $name, 'bench', 'Active', 0, NULL, '{}', 1, $now, $now, NULL)
                """;
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var key = insert.Parameters.Add("$key", SqliteType.Text);
            var ciClass = insert.Parameters.Add("$class", SqliteType.Text);
            var name = insert.Parameters.Add("$name", SqliteType.Text);
            insert.Parameters.AddWithValue("$now", now);
            for (var layer = 0; layer < 4; layer++)
                for (var ci = layerStarts[layer]; ci < layerStarts[layer + 1]; ci++)
                {
                    id.Value = ci;
                    key.Value = $"bench:{ci}";
                    ciClass.Value = classes[layer];
                    name.Value = $"{classes[layer].ToLowerInvariant()}-{ci}";
                    insert.ExecuteNonQuery();
                }
            transaction.Commit();
        }
        Console.Error.WriteLine($"{ciCount:N0} CIs in {clock.Elapsed.TotalSeconds:F1} s");

        var written = 0;
        using (var transaction = connection.BeginTransaction())
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO CiRelationships (FromCiId, Type, ToCiId, ImportScope, Evidence, Status, CreatedAt, RetiredAt, Version)
                VALUES ($from, 'DependsOn', $to, 'bench:graph', NULL, 'Active', $now, NULL, 1)
                """;
            var from = insert.Parameters.Add("$from", SqliteType.Integer);
            var to = insert.Parameters.Add("$to", SqliteType.Integer);
            insert.Parameters.AddWithValue("$now", now);
            void Add(long source, long target)
            {
                from.Value = source;
                to.Value = target;
                insert.ExecuteNonQuery();
                written++;
            }
            for (var ci = layerStarts[2]; ci < layerStarts[2] + 20_000 && ci < layerStarts[3]; ci++)
                Add(ci, 1);
            var perCi = (int)Math.Ceiling((relationshipCount - written) / (double)(ciCount - layerStarts[1]));
            for (var layer = 1; layer < 4 && written < relationshipCount; layer++)
                for (var ci = layerStarts[layer]; ci < layerStarts[layer + 1] && written < relationshipCount; ci++)
                    for (var k = 0; k < perCi; k++)
                        Add(ci, random.Next(layerStarts[layer - 1], layerStarts[layer]));
            transaction.Commit();
        }
        Console.Error.WriteLine($"{written:N0} relationships, {clock.Elapsed.TotalSeconds:F1} s in all");
        return 0;
    }
}
