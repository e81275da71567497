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
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO "InboundDeliveries" ("IntegrationId", "Source", "DeliveryId", "EventType", "ReceivedAt", "Headers", "Status", "Attempts")
                VALUES (@integration, @source, @delivery, @eventType, @receivedAt, @headers, @status, 0)
                ON CONFLICT ("IntegrationId", "DeliveryId") DO NOTHING
                RETURNING "Id"
                """;
            await using var insertBody = connection.CreateCommand();
            insertBody.Transaction = transaction;
            insertBody.CommandText = """INSERT INTO "InboundDeliveryBodies" ("DeliveryId", "Bytes") VALUES (@delivery, @bytes)""";
            var bodyOf = Parameter(insertBody, "delivery");
            var bytes = Parameter(insertBody, "bytes");
            var integration = Parameter(insert, "integration");
            var source = Parameter(insert, "source");
            var deliveryId = Parameter(insert, "delivery");
            var eventType = Parameter(insert, "eventType");
            var receivedAt = Parameter(insert, "receivedAt");
            var headers = Parameter(insert, "headers");
            Parameter(insert, "status").Value = nameof(DeliveryStatus.Pending);

            var outcomes = new InboxReceipt[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var delivery = batch[i].Delivery;
                integration.Value = delivery.IntegrationId;
                source.Value = delivery.Source.ToString();
                deliveryId.Value = delivery.Envelope.DeliveryId;
                eventType.Value = Truncate(delivery.Envelope.EventType, 200);
                receivedAt.Value = delivery.ReceivedAt;
                headers.Value = delivery.Headers;
                if (await insert.ExecuteScalarAsync(cancellationToken) is { } stored and not DBNull)
                {
                    var id = Convert.ToInt64(stored, System.Globalization.CultureInfo.InvariantCulture);
                    bodyOf.Value = id;
                    bytes.Value = delivery.Body;
                    await insertBody.ExecuteNonQueryAsync(cancellationToken);
                    outcomes[i] = new InboxReceipt(Acceptance.Accepted, id);
                }
                else
                    outcomes[i] = new InboxReceipt(Acceptance.Duplicate, null);
            }
            await transaction.CommitAsync(cancellationToken);
            return outcomes;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

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
