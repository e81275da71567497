using System.Data.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Guardrail.Persistence.Sqlite;

/// <summary>The embedded store: one SQLite file in write-ahead-log mode, with this assembly's migrations.</summary>
public static class SqliteStore
{
    public static DbContextOptionsBuilder UseGuardrailSqlite(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqliteStore).Assembly.GetName().Name))
            .AddInterceptors(SqlitePragmas.Instance);
}

/// <summary>
/// Sets the per-connection pragmas every time a pooled connection opens: wait for a busy writer instead of
/// failing at once, enforce foreign keys, and keep WAL's cheaper fsync level. WAL itself persists in the file.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    private const string Pragmas = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
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
