using System.Text.Json;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Incidents;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Guardrail.Core.Integrations.Inbox;

/// <summary>
/// Turns stored deliveries into records, oldest first. A batch is recorded and saved together in one transaction; if it
/// fails, it is rolled back and done again one delivery at a time, each under a savepoint, so only the delivery at fault is
/// retried later with backoff; after <see cref="MaxAttempts"/> it goes to the dead-letter list. A body that cannot be read goes there at once: retrying will not help. On PostgreSQL the batch is
/// claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several nodes never process the same delivery.
/// </summary>
public sealed partial class DeliveryProcessor(
    GuardrailDb db,
    IEnumerable<IDeliveryNormaliser> normalisers,
    DeploymentRecorder deployments,
    AlertRecorder alerts,
    ProtectionRules.ProtectionRules protectionRules,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<DeliveryProcessor> logger)
{
    public const int MaxAttempts = 8;

    /// <summary>Who the audit trail names for the governed records deliveries write (incidents opened and resolved by alerts).</summary>
    public static readonly Actor Actor = new("system:inbox");

    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_longestRetry = TimeSpan.FromHours(1);

    public async Task<int> ProcessBatchAsync(int maxDeliveries, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        // On PostgreSQL the claim's row locks last until the batch is saved. SQLite has one writer at a time and one
        // processor, so there the batch is read and recorded outside any transaction and the write lock, which the inbox
        // needs for every delivery it accepts, is held only while the batch is saved.
        await using var claim = db.IsPostgres ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var pending = db.IsPostgres
            ? db.InboundDeliveries.FromSql($"""
                SELECT * FROM "InboundDeliveries"
                WHERE "Status" = 'Pending' AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now})
                ORDER BY "Id" LIMIT {maxDeliveries} FOR UPDATE SKIP LOCKED
                """)
            : db.InboundDeliveries.Where(d => d.Status == DeliveryStatus.Pending && (d.NextAttemptAt == null || d.NextAttemptAt <= now))
                .OrderBy(d => d.Id).Take(maxDeliveries);
        // The claim's own ORDER BY does not reach the join that loads the bodies: order again, or a hash join may hand a
        // deployment over before the push it shipped.
        var batch = await pending.Include(d => d.Body).OrderBy(d => d.Id).AsNoTracking().ToListAsync(cancellationToken);
        // Recorders look up what the batch made so far in the tracked set; without this every look-up rescans it all.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            if (batch.Count > 0 && !await TryProcessTogetherAsync(batch, claim, cancellationToken))
            {
                var ids = batch.Select(d => d.Id).ToList();
                var untouched = await db.InboundDeliveries.Include(d => d.Body).AsNoTracking().Where(d => ids.Contains(d.Id)).OrderBy(d => d.Id).ToListAsync(cancellationToken);
                await using var write = claim is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
                await ProcessOneByOneAsync(untouched, claim ?? write!, now, cancellationToken);
                if (write is not null)
                    await write.CommitAsync(cancellationToken);
            }
            if (claim is not null)
                await claim.CommitAsync(cancellationToken);
        }
        finally
        {
            Forget();
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
        return batch.Count;
    }

    /// <summary>The fast way: every delivery of the batch recorded, then one save; false when that failed and nothing of it was kept.</summary>
    private async Task<bool> TryProcessTogetherAsync(List<InboundDelivery> batch, IDbContextTransaction? claim, CancellationToken cancellationToken)
    {
        if (claim is not null)
            await claim.CreateSavepointAsync("batch", cancellationToken);
        try
        {
            var normalised = batch.Select(d => (Delivery: d, Result: Normalise(d))).ToList();
            await deployments.PrefetchAsync(
                [.. normalised.SelectMany(n => n.Result is Normalised.Events events ? events.Items.Select(e => (n.Delivery.Source, e)) : [])],
                cancellationToken);
            foreach (var (delivery, result) in normalised)
            {
                await ApplyAsync(delivery, result, cancellationToken);
                delivery.ProcessedAt = clock.UtcNow();
                TrackState(delivery);
            }
            await using var write = claim is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            await SaveAsync(cancellationToken);
            if (write is not null)
                await write.CommitAsync(cancellationToken);
            return true;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            LogBatchSplit(logger, failure, batch.Count);
            if (claim is not null)
                await claim.RollbackToSavepointAsync("batch", cancellationToken);
            Forget();
            return false;
        }
    }

    /// <summary>When the batch failed as a whole: each delivery under its own savepoint, so only the broken one is retried.</summary>
    private async Task ProcessOneByOneAsync(List<InboundDelivery> batch, IDbContextTransaction transaction, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var delivery in batch)
        {
            var attemptsBefore = delivery.Attempts;
            await transaction.CreateSavepointAsync("delivery", cancellationToken);
            try
            {
                await ApplyAsync(delivery, Normalise(delivery), cancellationToken);
                delivery.ProcessedAt = clock.UtcNow();
                TrackState(delivery);
                await SaveAsync(cancellationToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                await transaction.RollbackToSavepointAsync("delivery", cancellationToken);
                Forget();
                delivery.Status = DeliveryStatus.Pending;
                delivery.Attempts = attemptsBefore;
                delivery.Outcome = null;
                delivery.ProcessedAt = null;
                RecordFailure(delivery, failure, now);
                TrackState(delivery);
                await SaveAsync(cancellationToken);
            }
            Forget();
        }
    }

    /// <summary>Marks only the processing state of a delivery as changed: its raw body is never tracked or rewritten.</summary>
    private void TrackState(InboundDelivery delivery)
    {
        var entry = db.InboundDeliveries.Attach(new InboundDelivery
        {
            Id = delivery.Id,
            DeliveryId = delivery.DeliveryId,
            EventType = delivery.EventType,
            Headers = "",
            Status = delivery.Status,
            Attempts = delivery.Attempts,
            NextAttemptAt = delivery.NextAttemptAt,
            LastError = delivery.LastError,
            Outcome = delivery.Outcome,
            ProcessedAt = delivery.ProcessedAt,
        });
        foreach (var property in s_stateProperties)
            entry.Property(property).IsModified = true;
    }

    private static readonly string[] s_stateProperties =
    [
        nameof(InboundDelivery.Status), nameof(InboundDelivery.Attempts), nameof(InboundDelivery.NextAttemptAt),
        nameof(InboundDelivery.LastError), nameof(InboundDelivery.Outcome), nameof(InboundDelivery.ProcessedAt),
    ];

    /// <summary>
    /// Through the audit trail when the batch wrote governed records; most batches (deployments, pushes) write none and skip
    /// its lock. On SQLite their plain rows go first through statements bound by position, while the batch holds the write lock.
    /// </summary>
    private Task SaveAsync(CancellationToken cancellationToken)
    {
        db.ChangeTracker.DetectChanges();
        var governed = db.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && GovernedRecords.RecordTypeOf(e.Entity.GetType()) is not null);
        if (governed)
            return audit.SaveAsync(db, Actor, cancellationToken);
        if (!db.IsPostgres)
            SqliteTrackedWrites.Write(db);
        return db.SaveChangesAsync(cancellationToken);
    }

    private void Forget()
    {
        db.ChangeTracker.Clear();
        deployments.ForgetBatch();
    }

    private Normalised Normalise(InboundDelivery delivery) =>
        normalisers.FirstOrDefault(n => n.Kind == delivery.Source) is { } normaliser
            ? normaliser.Normalise(new RawDelivery(delivery.EventType, ReadHeaders(delivery.Headers), delivery.Body!.Bytes))
            : new Normalised.Ignored($"Guardrail does not read {WireNames.Of(delivery.Source)} deliveries.");

    private async Task ApplyAsync(InboundDelivery delivery, Normalised normalised, CancellationToken cancellationToken)
    {
        switch (normalised)
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
        DeploymentReviewRequested review => protectionRules.Record(review, delivery.Id),
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

    [LoggerMessage(Level = LogLevel.Information, Message = "A batch of {Count} deliveries failed as a whole; processing them one by one.")]
    private static partial void LogBatchSplit(ILogger logger, Exception failure, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} failed on attempt {Attempts}; it is now {Status}.")]
    private static partial void LogFailure(ILogger logger, Exception failure, long deliveryId, int attempts, DeliveryStatus status);
}
