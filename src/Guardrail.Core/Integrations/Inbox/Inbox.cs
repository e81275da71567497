using System.Data.Common;
using System.Threading.Channels;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Integrations.Inbox;

public enum Acceptance
{
    /// <summary>Stored now; the processor will turn it into records.</summary>
    Accepted,

    /// <summary>Stored before under the same delivery id; nothing changed.</summary>
    Duplicate,
}

/// <param name="Id">The stored delivery's id; null for a duplicate.</param>
public sealed record InboxReceipt(Acceptance Acceptance, long? Id);

public sealed record IncomingDelivery(long IntegrationId, IntegrationKind Source, DeliveryEnvelope Envelope, string Headers, byte[] Body, DateTime ReceivedAt);

/// <summary>
/// Stores verified deliveries durably before they are answered. Concurrent requests are written together in one
/// transaction (a group commit): under a burst the database sees a few large commits instead of thousands of small ones,
/// and each request still gets its answer only after its row is committed.
/// </summary>
public sealed class Inbox(IServiceScopeFactory scopes, InboxSignal signal)
{
    private const int MaxBatch = 512;

    private readonly Channel<Waiting> _queue = Channel.CreateBounded<Waiting>(
        new BoundedChannelOptions(50_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public async Task<InboxReceipt> AcceptAsync(IncomingDelivery delivery, CancellationToken cancellationToken)
    {
        var waiting = new Waiting(delivery, new TaskCompletionSource<InboxReceipt>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(waiting, cancellationToken);
        return await waiting.Completion.Task;
    }

    /// <summary>Writes queued deliveries until <paramref name="stoppingToken"/> fires, then drains what is left.</summary>
    public async Task RunWriterAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Waiting>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
                await WriteAvailableAsync(batch, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _queue.Writer.TryComplete();
            await WriteAvailableAsync(batch, CancellationToken.None);
        }
    }

    private async Task WriteAvailableAsync(List<Waiting> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                batch.Add(next);
            if (batch.Count == 0)
                return;
            try
            {
                var outcomes = await InsertAsync(batch, cancellationToken);
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Completion.SetResult(outcomes[i]);
                if (outcomes.Any(o => o.Acceptance == Acceptance.Accepted))
                    signal.Raise();
            }
            catch (Exception failure) when (failure is DbException or InvalidOperationException or TimeoutException)
            {
                foreach (var waiting in batch)
                    waiting.Completion.SetException(new InboxUnavailableException(failure));
            }
        }
    }

    private async Task<InboxReceipt[]> InsertAsync(List<Waiting> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var outcomes = db.IsPostgres
                ? await InsertEachAsync(connection, transaction, batch, cancellationToken)
                : InsertEachBoundByPosition(connection, batch);
            await transaction.CommitAsync(cancellationToken);
            return outcomes;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private const string InsertDeliverySql = """
        INSERT INTO "InboundDeliveries" ("IntegrationId", "Source", "DeliveryId", "EventType", "ReceivedAt", "Headers", "Status", "Attempts")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, 0)
        ON CONFLICT ("IntegrationId", "DeliveryId") DO NOTHING
        """;

    private const string InsertBodySql = """INSERT INTO "InboundDeliveryBodies" ("DeliveryId", "Bytes") VALUES (@p0, @p1)""";

    private static async Task<InboxReceipt[]> InsertEachAsync(DbConnection connection, DbTransaction transaction, List<Waiting> batch, CancellationToken cancellationToken)
    {
        await using var insert = PositionalCommand.Create(connection, transaction, InsertDeliverySql + """ RETURNING "Id" """, 7);
        await using var insertBody = PositionalCommand.Create(connection, transaction, InsertBodySql, 2);
        var outcomes = new InboxReceipt[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var values = DeliveryValues(batch[i].Delivery);
            for (var p = 0; p < values.Length; p++)
                insert.Parameters[p].Value = values[p];
            if (await insert.ExecuteScalarAsync(cancellationToken) is { } stored and not DBNull)
            {
                var id = Convert.ToInt64(stored, System.Globalization.CultureInfo.InvariantCulture);
                insertBody.Parameters[0].Value = id;
                insertBody.Parameters[1].Value = batch[i].Delivery.Body;
                await insertBody.ExecuteNonQueryAsync(cancellationToken);
                outcomes[i] = new InboxReceipt(Acceptance.Accepted, id);
            }
            else
                outcomes[i] = new InboxReceipt(Acceptance.Duplicate, null);
        }
        return outcomes;
    }

    /// <summary>SQLite: statements bound by position, as the inbox holds the one write lock while it runs them.</summary>
    private static InboxReceipt[] InsertEachBoundByPosition(DbConnection connection, List<Waiting> batch)
    {
        using var insert = new SqliteRowStatement(connection, InsertDeliverySql, 7);
        using var insertBody = new SqliteRowStatement(connection, InsertBodySql, 2);
        var outcomes = new InboxReceipt[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            if (insert.Run(DeliveryValues(batch[i].Delivery)) == 1)
            {
                var id = insert.LastInsertedId;
                insertBody.Run([id, batch[i].Delivery.Body]);
                outcomes[i] = new InboxReceipt(Acceptance.Accepted, id);
            }
            else
                outcomes[i] = new InboxReceipt(Acceptance.Duplicate, null);
        }
        return outcomes;
    }

    private static object[] DeliveryValues(IncomingDelivery delivery) =>
    [
        delivery.IntegrationId, delivery.Source.ToString(), delivery.Envelope.DeliveryId, Truncate(delivery.Envelope.EventType, 200),
        delivery.ReceivedAt, delivery.Headers, nameof(DeliveryStatus.Pending),
    ];

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private sealed record Waiting(IncomingDelivery Delivery, TaskCompletionSource<InboxReceipt> Completion);
}

/// <summary>The inbox could not store a delivery; the sender is answered 503 and will redeliver.</summary>
public sealed class InboxUnavailableException(Exception inner) : Exception("The inbox could not store the delivery.", inner);

/// <summary>Wakes the delivery processor as soon as something new is stored, instead of waiting for its next poll.</summary>
public sealed class InboxSignal
{
    private readonly SemaphoreSlim _raised = new(0, 1);

    public void Raise()
    {
        try
        {
            _raised.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already raised: the processor will look once for everything stored so far.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _raised.WaitAsync(timeout, cancellationToken);
}
