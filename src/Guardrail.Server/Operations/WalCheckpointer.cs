using System.Data.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Server.Operations;

/// <summary>
/// Copies SQLite's write-ahead log into the database file in the background, ten times a second. Left to
/// SQLite, the copy runs inside the commit that takes the log past 1,000 pages, on the thread of that writer: under a
/// burst of webhooks that is the inbox's group commit or the delivery processor, and every request waits behind it.
/// A passive checkpoint never blocks readers or writers; once the whole log is copied, the next commit starts it again
/// from the beginning, so it stays about as large as a tenth of a second of writes.
/// </summary>
internal sealed partial class WalCheckpointer(IServiceScopeFactory scopes, ILogger<WalCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await CheckpointAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await CheckpointAsync(CancellationToken.None);
        }
    }

    /// <summary>Copies what the log holds now; a failure is logged and the next tick tries again.</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<GuardrailDb>().Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE)", cancellationToken);
        }
        catch (DbException failure)
        {
            LogCheckpointFailed(logger, failure);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copying the write-ahead log into the database failed; the next checkpoint will try again.")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception failure);
}
