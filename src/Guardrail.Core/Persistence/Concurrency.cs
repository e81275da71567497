using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Persistence;

/// <summary>A record with an application-bumped version used as its concurrency token.</summary>
public interface IVersioned
{
    long Version { get; set; }
}

/// <summary>
/// Optimistic concurrency: the caller states the version it read; a mismatch now, or a concurrent write
/// that lands first, is a conflict (HTTP 409) and nothing is written.
/// </summary>
internal static class Concurrency
{
    public static async Task<Result<T>> SaveVersionedAsync<T>(
        GuardrailDb db, AuditTrail audit, Actor actor, T record, string recordType, long expectedVersion,
        Action applyChanges, CancellationToken cancellationToken)
        where T : class, IVersioned
    {
        var current = record.Version;
        if (current != expectedVersion)
            return Error.StaleVersion(recordType, expectedVersion, current);
        applyChanges();
        record.Version = current + 1;
        try
        {
            await audit.SaveAsync(db, actor, cancellationToken);
            return record;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Error.StaleVersion(recordType, expectedVersion, current + 1);
        }
    }
}
