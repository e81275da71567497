using Npgsql;

namespace Guardrail.Server.Tests.Support;

/// <summary>
/// The PostgreSQL server the test command starts (GUARDRAIL_TEST_POSTGRES). Each caller gets a database of its own.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "GUARDRAIL_TEST_POSTGRES";

    public static string? Postgres => Environment.GetEnvironmentVariable(Variable);

    public static bool OnBuildServer => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var server = Postgres ?? throw new InvalidOperationException(
            $"{Variable} is not set: PostgreSQL tests must run on the build server. Run scripts/test.sh, which starts PostgreSQL.");
        var name = $"guardrail_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}

/// <summary>
/// A test that needs PostgreSQL: skipped on a developer machine without one, but run (and failing) on the
/// build server (CI=true) so a missing database can never turn into a silent pass.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabase.Postgres is null && !TestDatabase.OnBuildServer)
            Skip = $"{TestDatabase.Variable} is not set (scripts/test.sh starts PostgreSQL and sets it).";
    }
}

/// <summary>The server over a fresh PostgreSQL database.</summary>
public sealed class PostgresGuardrailApp(string connectionString) : GuardrailApp(connectionString)
{
    public static async Task<PostgresGuardrailApp> StartAsync()
    {
        var app = new PostgresGuardrailApp(await TestDatabase.CreatePostgresDatabaseAsync());
        _ = app.Server;
        return app;
    }
}
