using Guardrail.Core.Common;
using Guardrail.Core.Integrations;
using Guardrail.Core.Persistence;
using Guardrail.Persistence.Postgres;
using Guardrail.Persistence.Sqlite;
using Guardrail.Server.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Guardrail.Core.Tests.Support;

/// <summary>
/// Core's services over a real, freshly migrated store of their own: a SQLite file in a temporary directory,
/// or a new PostgreSQL database. The clock is fake and moves only when a test advances it.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string? _directory;

    private TestStore(Action<DbContextOptionsBuilder> configureDatabase, string? directory, Action<IServiceCollection>? configure)
    {
        _directory = directory;
        var services = new ServiceCollection()
            .AddLogging()
            .AddGuardrailCore(configureDatabase);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<ISecretProtector, TestSecretProtector>();
        services.AddSingleton<ITokenSigner, TestTokenSigner>();
        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    /// <param name="configure">Replaces or adds services (a fake HTTP handler, a secret protector…) after Core's own.</param>
    public static async Task<TestStore> SqliteAsync(Action<IServiceCollection>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("guardrail-core-test-").FullName;
        var store = new TestStore(db => db.UseGuardrailSqlite($"Data Source={Path.Combine(directory, "guardrail.db")}"), directory, configure);
        await store.MigrateAsync();
        return store;
    }

    public static async Task<TestStore> PostgresAsync(Action<IServiceCollection>? configure = null)
    {
        var connectionString = await TestDatabase.CreatePostgresDatabaseAsync();
        var store = new TestStore(db => db.UseGuardrailPostgres(connectionString), null, configure);
        await store.MigrateAsync();
        return store;
    }

    /// <summary>A new scope, as one request would have: its own DbContext and change tracker.</summary>
    public AsyncServiceScope Scope() => _services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_directory is null)
        {
            NpgsqlConnection.ClearAllPools();
            return;
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS temp cleaner; it never affects another test.
        }
    }

    private Task MigrateAsync() => _services.GetRequiredService<StoreInitializer>().MigrateAsync(CancellationToken.None);
}

