using System.Text.Json;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Incidents;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Guardrail.Core.Integrations.Inbox;

/// <summary>
/// Turns stored deliveries into records, oldest first. A batch is one transaction with a savepoint per delivery, so one
/// delivery that fails is rolled back alone and retried later with backoff; after <see cref="MaxAttempts"/> it goes to the
/// dead-letter list. A body that cannot be read goes there at once: retrying will not help. On PostgreSQL the batch is
/// claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several nodes never process the same delivery.
/// </summary>
public sealed partial class DeliveryProcessor(
    GuardrailDb db,
    IEnumerable<IDeliveryNormaliser> normalisers,
    DeploymentRecorder deployments,
    AlertRecorder alerts,
    TimeProvider clock,
    ILogger<DeliveryProcessor> logger)
{
    public const int MaxAttempts = 8;

    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_longestRetry = TimeSpan.FromHours(1);

    public async Task<int> ProcessBatchAsync(int maxDeliveries, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pending = db.IsPostgres
            ? db.InboundDeliveries.FromSql($"""
                SELECT * FROM "InboundDeliveries"
                WHERE "Status" = 'Pending' AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now})
                ORDER BY "Id" LIMIT {maxDeliveries} FOR UPDATE SKIP LOCKED
                """)
            : db.InboundDeliveries.Where(d => d.Status == DeliveryStatus.Pending && (d.NextAttemptAt == null || d.NextAttemptAt <= now))
                .OrderBy(d => d.Id).Take(maxDeliveries);
        var batch = await pending.AsNoTracking().ToListAsync(cancellationToken);

        foreach (var delivery in batch)
        {
            var attemptsBefore = delivery.Attempts;
            await transaction.CreateSavepointAsync("delivery", cancellationToken);
            try
            {
                await ProcessAsync(delivery, cancellationToken);
                delivery.ProcessedAt = clock.UtcNow();
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                await transaction.RollbackToSavepointAsync("delivery", cancellationToken);
                delivery.Status = DeliveryStatus.Pending;
                delivery.Attempts = attemptsBefore;
                delivery.Outcome = null;
                delivery.ProcessedAt = null;
                RecordFailure(delivery, failure, now);
            }
            // The records are saved; forgetting them keeps each save's change detection as small as one delivery.
            db.ChangeTracker.Clear();
            await SaveStateAsync(delivery, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    /// <summary>Writes only the processing state: the raw body is never tracked, rewritten or compared.</summary>
    private Task SaveStateAsync(InboundDelivery delivery, CancellationToken cancellationToken) =>
        db.InboundDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(d => d
            .SetProperty(x => x.Status, delivery.Status)
            .SetProperty(x => x.Attempts, delivery.Attempts)
            .SetProperty(x => x.NextAttemptAt, delivery.NextAttemptAt)
            .SetProperty(x => x.LastError, delivery.LastError)
            .SetProperty(x => x.Outcome, delivery.Outcome)
            .SetProperty(x => x.ProcessedAt, delivery.ProcessedAt), cancellationToken);

    private async Task ProcessAsync(InboundDelivery delivery, CancellationToken cancellationToken)
    {
        var normaliser = normalisers.FirstOrDefault(n => n.Kind == delivery.Source);
        if (normaliser is null)
        {
            delivery.Status = DeliveryStatus.Ignored;
            delivery.Outcome = $"Guardrail does not read {WireNames.Of(delivery.Source)} deliveries.";
            return;
        }
        var raw = new RawDelivery(delivery.EventType, ReadHeaders(delivery.Headers), delivery.Body);
        switch (normaliser.Normalise(raw))
        {
            case Normalised.Ignored ignored:
                delivery.Status = DeliveryStatus.Ignored;
                delivery.Outcome = Truncate(ignored.Reason);
                break;
            case Normalised.Malformed malformed:
                delivery.Status = DeliveryStatus.Dead;
                delivery.Attempts++;
                delivery.LastError = Truncate(malformed.Problem);
                break;
            case Normalised.Events events:
                var outcomes = new List<string>(events.Items.Count);
                foreach (var item in events.Items)
                    outcomes.Add(await RecordAsync(delivery, item, cancellationToken));
                delivery.Status = DeliveryStatus.Processed;
                delivery.Attempts++;
                delivery.LastError = null;
                delivery.Outcome = Truncate(outcomes.Count == 0 ? "Nothing to record." : string.Join(" ", outcomes));
                break;
        }
    }

    private async Task<string> RecordAsync(InboundDelivery delivery, ToolchainEvent item, CancellationToken cancellationToken) => item switch
    {
        DeploymentObserved deployment => await deployments.RecordAsync(delivery.Source, deployment, delivery.Id, cancellationToken),
        PushObserved push => await deployments.RecordAsync(push, delivery.Id, cancellationToken),
        PullRequestObserved pull => await deployments.RecordAsync(pull, cancellationToken),
        PipelineRunObserved run => await deployments.RecordAsync(delivery.Source, run, cancellationToken),
        AlertObserved alert => await alerts.RecordAsync(delivery.Source, alert, cancellationToken),
        WorkItemObserved workItem => await RecordAsync(delivery.Source, workItem, cancellationToken),
        _ => throw new InvalidOperationException($"No recorder for {item.GetType().Name}."),
    };

    private async Task<string> RecordAsync(IntegrationKind source, WorkItemObserved observed, CancellationToken cancellationToken)
    {
        var item = db.ExternalWorkItems.Local.FirstOrDefault(i => i.Source == source && i.Kind == observed.Kind && i.ExternalId == observed.Id)
            ?? await db.ExternalWorkItems.FirstOrDefaultAsync(i => i.Source == source && i.Kind == observed.Kind && i.ExternalId == observed.Id, cancellationToken);
        if (item is null)
        {
            item = new ExternalWorkItem { Source = source, Kind = observed.Kind, ExternalId = observed.Id, LastAction = observed.Action };
            db.ExternalWorkItems.Add(item);
        }
        item.LastAction = observed.Action;
        item.Repository = observed.Repository ?? item.Repository;
        item.Title = observed.Title ?? item.Title;
        item.Url = observed.Url ?? item.Url;
        item.UpdatedAt = Timestamps.Utc(observed.At);
        return $"{observed.Kind} {observed.Id}: {observed.Action}.";
    }

    private void RecordFailure(InboundDelivery delivery, Exception failure, DateTime now)
    {
        delivery.Attempts++;
        delivery.LastError = Truncate($"{failure.GetType().Name}: {failure.GetBaseException().Message}");
        if (delivery.Attempts >= MaxAttempts)
        {
            delivery.Status = DeliveryStatus.Dead;
            delivery.NextAttemptAt = null;
        }
        else
            delivery.NextAttemptAt = now + Backoff.After(delivery.Attempts, s_firstRetry, s_longestRetry);
        LogFailure(logger, failure, delivery.Id, delivery.Attempts, delivery.Status);
    }

    private static Dictionary<string, string> ReadHeaders(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} failed on attempt {Attempts}; it is now {Status}.")]
    private static partial void LogFailure(ILogger logger, Exception failure, long deliveryId, int attempts, DeliveryStatus status);
}
