using Guardrail.Core.Cmdb;
using Guardrail.Core.Persistence;
using Guardrail.Core.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Persistence;

public sealed class SqliteRowStatementTests : IAsyncLifetime
{
    private const string InsertCi =
        "INSERT INTO \"ConfigurationItems\" (\"Key\", \"Class\", \"Name\", \"Scope\", \"Status\", \"IsManual\", \"ServiceId\", \"Attributes\", \"Version\", \"CreatedAt\", \"UpdatedAt\", \"RetiredAt\") " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11)";

    private static readonly DateTime s_created = new DateTime(2026, 11, 27, 9, 30, 0, DateTimeKind.Utc).AddTicks(1_234_567);

    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.SqliteAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Stores_each_value_as_EF_Core_reads_it_back()
    {
        await using var scope = _store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        await db.Database.OpenConnectionAsync(default);
        long id;
        using (var statement = new SqliteRowStatement(db.Database.GetDbConnection(), InsertCi, 12))
        {
            Assert.Equal(1, statement.Run(Ci("k8s:a", isManual: true, retiredAt: s_created.AddDays(1))));
            id = statement.LastInsertedId;
        }

        var stored = await db.ConfigurationItems.AsNoTracking().SingleAsync(c => c.Id == id, default);
        Assert.Equal(("k8s:a", CiClass.Workload, "a", "team-a", CiStatus.Retired, true, (long?)null, "{\"kind\":\"Deployment\"}", 3L),
            (stored.Key, stored.Class, stored.Name, stored.Scope, stored.Status, stored.IsManual, stored.ServiceId, stored.Attributes, stored.Version));
        Assert.Equal((s_created, s_created, s_created.AddDays(1)), (stored.CreatedAt, stored.UpdatedAt, stored.RetiredAt));
        Assert.Equal(1, await db.ConfigurationItems.CountAsync(c => c.CreatedAt == s_created, default));
    }

    [Fact]
    public async Task Reports_a_refused_row_and_stays_usable_for_the_next()
    {
        await using var scope = _store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        await db.Database.OpenConnectionAsync(default);
        using var statement = new SqliteRowStatement(db.Database.GetDbConnection(), InsertCi, 12);
        statement.Run(Ci("k8s:a"));

        var refused = Assert.Throws<SqliteException>(() => statement.Run(Ci("k8s:a")));
        Assert.Equal(19, refused.SqliteErrorCode);
        Assert.Contains("UNIQUE", refused.Message, StringComparison.Ordinal);

        Assert.Equal(1, statement.Run(Ci("k8s:b")));
        Assert.Equal(["k8s:a", "k8s:b"], await db.ConfigurationItems.OrderBy(c => c.Key).Select(c => c.Key).ToListAsync(default));
    }

    [Fact]
    public async Task Says_how_many_rows_an_update_changed_and_refuses_values_it_cannot_store()
    {
        await using var scope = _store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        await db.Database.OpenConnectionAsync(default);
        var connection = db.Database.GetDbConnection();
        using (var insert = new SqliteRowStatement(connection, InsertCi, 12))
            insert.Run(Ci("k8s:a"));
        using var rename = new SqliteRowStatement(connection, "UPDATE \"ConfigurationItems\" SET \"Name\" = @p0 WHERE \"Key\" = @p1", 2);

        Assert.Equal(1, rename.Run(["renamed", "k8s:a"]));
        Assert.Equal(0, rename.Run(["renamed", "k8s:none"]));
        Assert.Throws<ArgumentException>(() => rename.Run([CiClass.Workload, "k8s:a"]));
        Assert.Equal("renamed", await db.ConfigurationItems.Select(c => c.Name).SingleAsync(default));
    }

    [Fact]
    public async Task Stores_bytes_as_a_blob_an_empty_array_included()
    {
        await using var scope = _store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        await db.Database.OpenConnectionAsync(default);
        var connection = db.Database.GetDbConnection();
        await db.Database.ExecuteSqlRawAsync("CREATE TEMP TABLE \"Blobs\" (\"Position\" INTEGER, \"Bytes\" BLOB)", CancellationToken.None);
        using (var insert = new SqliteRowStatement(connection, "INSERT INTO \"Blobs\" VALUES (@p0, @p1)", 2))
        {
            insert.Run([1L, new byte[] { 1, 2, 3 }]);
            insert.Run([2L, Array.Empty<byte>()]);
        }

        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT \"Bytes\" IS NULL, length(\"Bytes\"), hex(\"Bytes\") FROM \"Blobs\" ORDER BY \"Position\"";
        await using var reader = await read.ExecuteReaderAsync();
        var rows = new List<(long, long, string)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
        Assert.Equal([(0L, 3L, "010203"), (0L, 0L, "")], rows);
    }

    private static object?[] Ci(string key, bool isManual = false, DateTime? retiredAt = null) =>
        [key, nameof(CiClass.Workload), "a", "team-a", retiredAt is null ? nameof(CiStatus.Active) : nameof(CiStatus.Retired), isManual, null,
            "{\"kind\":\"Deployment\"}", 3L, s_created, s_created, retiredAt];
}
