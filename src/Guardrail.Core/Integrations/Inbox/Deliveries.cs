using System.Globalization;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Integrations.Inbox;

/// <summary>A delivery without its body, for lists.</summary>
public sealed record DeliverySummary(
    long Id, long IntegrationId, string IntegrationName, IntegrationKind Source, string DeliveryId, string EventType, DateTime ReceivedAt,
    DeliveryStatus Status, int Attempts, DateTime? NextAttemptAt, string? LastError, string? Outcome, DateTime? ProcessedAt);

/// <summary>Looking at deliveries, newest first, and replaying the ones that went to the dead-letter list.</summary>
public sealed class Deliveries(GuardrailDb db, InboxSignal signal)
{
    public async Task<Result<Page<DeliverySummary>>> ListAsync(string? status, long? integrationId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var deliveries = db.InboundDeliveries.AsNoTracking();
        if (paging.Value.AfterId > 0)
            deliveries = deliveries.Where(d => d.Id < paging.Value.AfterId);
        if (status is not null)
        {
            if (!WireNames.TryParse<DeliveryStatus>(status, out var wanted))
                return Error.Invalid("status", $"Unknown status '{status}'; one of: {string.Join(", ", WireNames.All<DeliveryStatus>())}.");
            deliveries = deliveries.Where(d => d.Status == wanted);
        }
        if (integrationId is { } id)
            deliveries = deliveries.Where(d => d.IntegrationId == id);
        var rows = await Summaries(deliveries).Take(paging.Value.Limit + 1).ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, d => d.Id);
    }

    /// <summary>How many deliveries of each integration wait on the dead-letter list; integrations without any are left out.</summary>
    public async Task<IReadOnlyDictionary<long, int>> DeadCountsAsync(CancellationToken cancellationToken) =>
        await db.InboundDeliveries.AsNoTracking().Where(d => d.Status == DeliveryStatus.Dead)
            .GroupBy(d => d.IntegrationId)
            .Select(g => new { IntegrationId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.IntegrationId, g => g.Count, cancellationToken);

    public async Task<Result<(DeliverySummary Summary, string Headers, byte[] Body)>> GetAsync(long id, CancellationToken cancellationToken)
    {
        var summary = await Summaries(db.InboundDeliveries.AsNoTracking().Where(d => d.Id == id)).FirstOrDefaultAsync(cancellationToken);
        if (summary is null)
            return Error.NotFound("delivery", id.ToString(CultureInfo.InvariantCulture));
        var content = await db.InboundDeliveries.AsNoTracking().Where(d => d.Id == id).Select(d => new { d.Headers, d.Body!.Bytes }).FirstAsync(cancellationToken);
        return (summary, content.Headers, content.Bytes);
    }

    /// <summary>Puts a dead or ignored delivery back in the queue. A processed one is refused: its records exist already.</summary>
    public async Task<Result<DeliverySummary>> ReplayAsync(long id, CancellationToken cancellationToken)
    {
        var delivery = await db.InboundDeliveries.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (delivery is null)
            return Error.NotFound("delivery", id.ToString(CultureInfo.InvariantCulture));
        if (delivery.Status is DeliveryStatus.Processed or DeliveryStatus.Pending)
            return new Error("delivery.not_replayable",
                $"Delivery {id} is {WireNames.Of(delivery.Status)}: only dead or ignored deliveries can be replayed, so no record is made twice.", ErrorKind.Conflict);
        delivery.Status = DeliveryStatus.Pending;
        delivery.NextAttemptAt = null;
        delivery.Outcome = null;
        delivery.ProcessedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        signal.Raise();
        return (await Summaries(db.InboundDeliveries.AsNoTracking().Where(d => d.Id == id)).FirstAsync(cancellationToken));
    }

    private IQueryable<DeliverySummary> Summaries(IQueryable<InboundDelivery> deliveries) =>
        from d in deliveries
        join i in db.Integrations on d.IntegrationId equals i.Id
        orderby d.Id descending
        select new DeliverySummary(d.Id, d.IntegrationId, i.Name, d.Source, d.DeliveryId, d.EventType, d.ReceivedAt,
            d.Status, d.Attempts, d.NextAttemptAt, d.LastError, d.Outcome, d.ProcessedAt);
}
