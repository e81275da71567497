using System.Globalization;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Integrations.Outbox;

/// <summary>Looking at the outbox, newest first, and sending dead messages again.</summary>
public sealed class OutboxMessages(GuardrailDb db, AuditTrail audit, TimeProvider clock)
{
    public async Task<Result<Page<OutboxMessage>>> ListAsync(string? status, long? targetId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var messages = db.OutboxMessages.AsNoTracking().Include(m => m.Target).AsQueryable();
        if (paging.Value.AfterId > 0)
            messages = messages.Where(m => m.Id < paging.Value.AfterId);
        if (status is not null)
        {
            if (!WireNames.TryParse<OutboxStatus>(status, out var wanted))
                return Error.Invalid("status", $"Unknown status '{status}'; one of: {string.Join(", ", WireNames.All<OutboxStatus>())}.");
            messages = messages.Where(m => m.Status == wanted);
        }
        if (targetId is { } id)
            messages = messages.Where(m => m.TargetId == id);
        var rows = await messages.OrderByDescending(m => m.Id).Take(paging.Value.Limit + 1).ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, m => m.Id);
    }

    /// <summary>
    /// Puts a dead message back in the queue with a fresh set of attempts and its original idempotency key; the run it
    /// carries is waiting again. A delivered or pending message is refused: it was sent, or will be.
    /// </summary>
    public async Task<Result<OutboxMessage>> RetryAsync(long id, Actor actor, CancellationToken cancellationToken)
    {
        var message = await db.OutboxMessages.Include(m => m.Target).FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null)
            return Error.NotFound("outbox-message", id.ToString(CultureInfo.InvariantCulture));
        if (message.Status != OutboxStatus.Dead)
            return new Error("outbox-message.not_retryable",
                $"Message {id} is {WireNames.Of(message.Status)}: only dead messages can be sent again, so nothing is sent twice.", ErrorKind.Conflict);
        var now = clock.UtcNow();
        message.Status = OutboxStatus.Pending;
        message.Attempts = 0;
        message.NextAttemptAt = now;
        message.LeasedUntil = null;
        if (message.Topic == OutboxTopics.AutomationRun
            && await db.AutomationRuns.FirstOrDefaultAsync(r => r.CorrelationId == message.CorrelationId, cancellationToken) is { Status: AutomationRunStatus.DispatchFailed } run)
        {
            run.Status = AutomationRunStatus.Requested;
            run.UpdatedAt = now;
        }
        await audit.SaveAsync(db, actor, cancellationToken);
        return message;
    }
}
