using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Guardrail.Core.Integrations.Outbox;

/// <summary>
/// Sends what is due in the outbox. A batch is claimed in a short transaction that leases it (on PostgreSQL with
/// <c>FOR UPDATE SKIP LOCKED</c>, so several nodes never claim the same message), then sent outside any transaction, one
/// message after another, each result written back only while the lease is still this node's. A 2xx delivers; a timeout,
/// a network error, 408, 429 or 5xx is retried with backoff (or after the target's <c>Retry-After</c>); any other answer
/// means the target refused the request, and retrying will not change that, so the message is dead at once. A target whose
/// circuit is open is not called: its messages wait, and the wait is not an attempt.
/// </summary>
public sealed partial class OutboxDispatcher(
    GuardrailDb db,
    IHttpClientFactory httpClients,
    ISecretProtector protector,
    OutboxCircuits circuits,
    AuditTrail audit,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    public const string HttpClientName = "outbox";

    private const int MaxErrorLength = 2000;

    /// <summary>Sends one batch; returns how many messages it claimed.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (batch, lease) = await ClaimAsync(settings, cancellationToken);
        if (batch.Count == 0)
            return 0;
        var targetIds = batch.Select(m => m.TargetId).Distinct().ToList();
        var targets = await db.OutboundTargets.AsNoTracking().Where(t => targetIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var handled = 0;
        try
        {
            foreach (var message in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await DispatchAsync(message, targets[message.TargetId], lease, settings, cancellationToken);
                handled++;
            }
        }
        finally
        {
            if (handled < batch.Count)
                await ReleaseAsync([.. batch.Skip(handled).Select(m => m.Id)], lease);
        }
        return batch.Count;
    }

    /// <summary>
    /// Leases due messages of enabled targets for as long as sending all of them can take, so a node that dies holding
    /// them lets them go when the lease ends.
    /// </summary>
    private async Task<(List<OutboxMessage> Batch, DateTime Lease)> ClaimAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = db.IsPostgres
            ? db.OutboxMessages.FromSql($"""
                SELECT m.* FROM "OutboxMessages" AS m JOIN "OutboundTargets" AS t ON t."Id" = m."TargetId"
                WHERE m."Status" = 'Pending' AND m."NextAttemptAt" <= {now} AND (m."LeasedUntil" IS NULL OR m."LeasedUntil" <= {now}) AND t."Enabled"
                ORDER BY m."NextAttemptAt", m."Id" LIMIT {settings.BatchSize} FOR UPDATE OF m SKIP LOCKED
                """)
            : db.OutboxMessages
                .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LeasedUntil == null || m.LeasedUntil <= now) && m.Target!.Enabled)
                .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Take(settings.BatchSize);
        var batch = await due.ToListAsync(cancellationToken);
        var lease = now + settings.RequestTimeout * (batch.Count + 1);
        foreach (var message in batch)
            message.LeasedUntil = lease;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return (batch, lease);
    }

    private async Task DispatchAsync(OutboxMessage message, OutboundTarget target, DateTime lease, OutboxOptions settings, CancellationToken cancellationToken)
    {
        var rendered = Render(target, message);
        if (!rendered.Succeeded)
        {
            await RecordAsync(message, target, lease, new Outcome(OutcomeKind.Refused, rendered.Error.Message, null), settings);
            return;
        }
        using var request = rendered.Value;
        if (!circuits.TryEnter(target.Id, out var retryAt))
        {
            await DeferAsync(message.Id, lease, retryAt);
            return;
        }
        var outcome = await SendAsync(request, settings, cancellationToken);
        if (outcome.Kind == OutcomeKind.Retry)
            circuits.Failed(target.Id);
        else
            circuits.Succeeded(target.Id);
        await RecordAsync(message, target, lease, outcome, settings);
    }

    private Result<HttpRequestMessage> Render(OutboundTarget target, OutboxMessage message)
    {
        try
        {
            var secret = target.ProtectedSecret is null ? null : protector.Unprotect(target.ProtectedSecret);
            return OutboundRequests.Render(target, secret, message);
        }
        catch (CryptographicException)
        {
            return new Error("outbox.secret_unreadable", "The target's secret cannot be decrypted (were the data-protection keys lost?); set it again, then retry.", ErrorKind.Validation);
        }
        catch (JsonException failure)
        {
            return new Error("outbox.unrenderable", $"The message or the target's settings cannot be read: {failure.Message}", ErrorKind.Validation);
        }
    }

    private async Task<Outcome> SendAsync(HttpRequestMessage request, OutboxOptions settings, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(settings.RequestTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
                return new Outcome(OutcomeKind.Delivered, null, null);
            var error = $"The target answered {status} {response.ReasonPhrase}: {await ReadStartAsync(response, linked.Token)}";
            return status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500
                ? new Outcome(OutcomeKind.Retry, error, RetryAfter(response, settings))
                : new Outcome(OutcomeKind.Refused, error, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(OutcomeKind.Retry, $"The target did not answer within {settings.RequestTimeout.TotalSeconds:0.###} s.", null);
        }
        catch (HttpRequestException failure)
        {
            return new Outcome(OutcomeKind.Retry, $"The request failed ({failure.HttpRequestError}): {failure.Message}", null);
        }
    }

    /// <summary>The delay a 429 or 503 asks for, no longer than <see cref="OutboxOptions.MaxRetryDelay"/>.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response, OutboxOptions settings)
    {
        var asked = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - clock.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        return asked is { } delay ? TimeSpan.FromTicks(Math.Clamp(delay.Ticks, 0, settings.MaxRetryDelay.Ticks)) : null;
    }

    /// <summary>The start of an error answer's body, which usually says what was wrong.</summary>
    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[500];
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            return read == 0 ? "(no body)" : Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception failure) when (failure is IOException or HttpRequestException)
        {
            return "(the body could not be read)";
        }
    }

    /// <summary>
    /// The run's status is written before the message's, so a node that dies in between leaves the message leased and
    /// sent again later (the idempotency key makes that harmless), never a delivered message whose run looks waiting.
    /// </summary>
    private async Task RecordAsync(OutboxMessage message, OutboundTarget target, DateTime lease, Outcome outcome, OutboxOptions settings)
    {
        var now = clock.UtcNow();
        var attempts = message.Attempts + 1;
        var status = outcome.Kind switch
        {
            OutcomeKind.Delivered => OutboxStatus.Delivered,
            OutcomeKind.Retry when attempts < settings.MaxAttempts => OutboxStatus.Pending,
            _ => OutboxStatus.Dead,
        };
        var nextAttemptAt = status == OutboxStatus.Pending
            ? now + (outcome.RetryAfter ?? Backoff.After(attempts, settings.FirstRetryDelay, settings.MaxRetryDelay))
            : message.NextAttemptAt;
        DateTime? deliveredAt = status == OutboxStatus.Delivered ? now : null;
        var error = outcome.Error is { Length: > MaxErrorLength } text ? text[..MaxErrorLength] : outcome.Error;

        if (message.Topic == OutboxTopics.AutomationRun && message.CorrelationId is not null && status != OutboxStatus.Pending)
            await SetRunStatusAsync(message.CorrelationId, status == OutboxStatus.Delivered ? AutomationRunStatus.Dispatched : AutomationRunStatus.DispatchFailed, now);

        var written = await db.OutboxMessages.Where(m => m.Id == message.Id && m.LeasedUntil == lease).ExecuteUpdateAsync(m => m
            .SetProperty(x => x.Status, status)
            .SetProperty(x => x.Attempts, attempts)
            .SetProperty(x => x.NextAttemptAt, nextAttemptAt)
            .SetProperty(x => x.LastError, error ?? message.LastError)
            .SetProperty(x => x.DeliveredAt, deliveredAt)
            .SetProperty(x => x.LeasedUntil, (DateTime?)null), CancellationToken.None);
        if (written == 0)
            LogLeaseLost(logger, message.Id, target.Name);
        else if (outcome.Kind != OutcomeKind.Delivered)
            LogFailure(logger, message.Id, target.Name, attempts, WireNames.Of(status), error);
    }

    private async Task SetRunStatusAsync(string correlationId, AutomationRunStatus status, DateTime now)
    {
        var run = await db.AutomationRuns.FirstOrDefaultAsync(r => r.CorrelationId == correlationId, CancellationToken.None);
        if (run is null || run.Status == status)
            return;
        run.Status = status;
        run.UpdatedAt = now;
        await audit.SaveAsync(db, Actor.System, CancellationToken.None);
        db.ChangeTracker.Clear();
    }

    /// <summary>Leaves a message for a target whose circuit is open until the circuit lets one through; not an attempt.</summary>
    private Task DeferAsync(long messageId, DateTime lease, DateTime retryAt) =>
        db.OutboxMessages.Where(m => m.Id == messageId && m.LeasedUntil == lease).ExecuteUpdateAsync(m => m
            .SetProperty(x => x.NextAttemptAt, retryAt)
            .SetProperty(x => x.LeasedUntil, (DateTime?)null), CancellationToken.None);

    /// <summary>Gives back what was claimed but not sent (the server is stopping), so another attempt need not wait for the lease.</summary>
    private Task ReleaseAsync(List<long> messageIds, DateTime lease) =>
        db.OutboxMessages.Where(m => messageIds.Contains(m.Id) && m.LeasedUntil == lease)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.LeasedUntil, (DateTime?)null), CancellationToken.None);

    private enum OutcomeKind
    {
        Delivered,
        Retry,
        Refused,
    }

    private readonly record struct Outcome(OutcomeKind Kind, string? Error, TimeSpan? RetryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} to {Target} failed on attempt {Attempts}; it is now {Status}: {Error}")]
    private static partial void LogFailure(ILogger logger, long messageId, string target, int attempts, string status, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} to {Target} was sent, but its lease had ended, so its result was not recorded here.")]
    private static partial void LogLeaseLost(ILogger logger, long messageId, string target);
}
