using System.Data.Common;
using System.Runtime.CompilerServices;
using Guardrail.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Guardrail.Persistence.Sqlite;

/// <summary>The embedded store: one SQLite file in write-ahead-log mode, with this assembly's migrations.</summary>
public static class SqliteStore
{
    /// <summary>
    /// Before SQLite opens its first connection: multi-thread mode, as a connection is only ever used by one thread at a
    /// time (a DbContext, then the pool), so the mutex SQLite would take on every call is pure cost, about a tenth of the
    /// CPU of reading many rows; and no memory statistics, which take a global mutex on every allocation. If a connection
    /// was opened before this runs, SQLite refuses the settings and keeps its safe defaults.
    /// </summary>
    static SqliteStore()
    {
        SQLitePCL.Batteries_V2.Init();
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }

    /// <param name="checkpointsInBackground">
    /// True when the process copies the write-ahead log into the database itself, off the writers' path (the server's
    /// <c>WalCheckpointer</c>); SQLite then never does it in a commit. False, SQLite checkpoints every 1,000 pages.
    /// </param>
    public static DbContextOptionsBuilder UseGuardrailSqlite(this DbContextOptionsBuilder options, string connectionString, bool checkpointsInBackground = false) =>
        options
            // A list in a query goes as one array parameter (json_each): as one parameter per item, EF Core 10's default,
            // SQLite binds each by name in a list as long as the statement's, so a list of thousands costs millions of comparisons.
            .UseSqlite(connectionString, sqlite => sqlite
                .MigrationsAssembly(typeof(SqliteStore).Assembly.GetName().Name)
                .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .AddInterceptors(checkpointsInBackground ? SqlitePragmas.CheckpointsInBackground : SqlitePragmas.Instance);
}

/// <summary>
/// Sets the pragmas of each physical connection once, when the pool first opens it: wait for a busy writer
/// instead of failing at once, enforce foreign keys, write-ahead logging with its cheaper fsync level.
/// Pooled re-opens of the same connection skip this, which keeps hot reads at one statement.
/// </summary>
internal sealed class SqlitePragmas(string pragmas) : DbConnectionInterceptor
{
    private const string Common = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

    public static readonly SqlitePragmas Instance = new(Common);

    public static readonly SqlitePragmas CheckpointsInBackground = new(Common + " PRAGMA wal_autocheckpoint = 0;");

    private readonly ConditionalWeakTable<object, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!IsNew(connection))
            return;
        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!IsNew(connection))
            return;
        await using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>True the first time this physical (native) connection is seen.</summary>
    private bool IsNew(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && _configured.TryAdd(handle, handle);
}

/// <summary>Used by <c>dotnet ef</c> to build this provider's migrations.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<GuardrailDb>
{
    public GuardrailDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<GuardrailDb>();
        options.UseGuardrailSqlite("Data Source=design-time.db");
        return new GuardrailDb(options.Options);
    }
}
