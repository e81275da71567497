using Guardrail.Core.Persistence;
using Guardrail.Server.Operations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrail.Server.Tests.Operations;

public sealed class WalCheckpointerTests : IDisposable
{
    private const int Megabyte = 1 << 20;

    private readonly string _directory = Directory.CreateTempSubdirectory("guardrail-wal-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_log_is_copied_only_by_the_checkpointer_and_starts_again_after_each_copy()
    {
        await using var services = new ServiceCollection().AddLogging()
            .AddGuardrailStore(new StorageOptions { DataDirectory = _directory }, checkpointsInBackground: true)
            .BuildServiceProvider();
        var checkpointer = new WalCheckpointer(services.GetRequiredService<IServiceScopeFactory>(), NullLogger<WalCheckpointer>.Instance);
        await WriteAsync(services, "CREATE TABLE \"Filler\" (\"Bytes\" BLOB)");

        var largest = 0L;
        for (var i = 0; i < 6; i++)
        {
            await WriteAsync(services, $"INSERT INTO \"Filler\" VALUES (randomblob({Megabyte}))");
            largest = Math.Max(largest, LogSize());
            await checkpointer.CheckpointAsync(CancellationToken.None);
        }

        for (var i = 0; i < 6; i++)
            await WriteAsync(services, $"INSERT INTO \"Filler\" VALUES (randomblob({Megabyte}))");
        var withoutCheckpoints = LogSize();

        Assert.True(withoutCheckpoints > 6 * Megabyte, $"SQLite checkpointed on its own: the log held {withoutCheckpoints} bytes after 6 MB of writes.");
        Assert.True(largest < 2 * Megabyte, $"The log grew to {largest} bytes though it was copied after every 1 MB write.");
        await using var scope = services.CreateAsyncScope();
        Assert.Equal(12, await scope.ServiceProvider.GetRequiredService<GuardrailDb>().Database
            .SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"Filler\"").SingleAsync());
    }

    private static async Task WriteAsync(IServiceProvider services, string sql)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<GuardrailDb>().Database.ExecuteSqlRawAsync(sql, CancellationToken.None);
    }

    private long LogSize() => new FileInfo(Path.Combine(_directory, "guardrail.db-wal")).Length;
}
