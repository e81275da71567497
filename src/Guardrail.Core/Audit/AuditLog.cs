using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Audit;

public sealed record AuditQuery(string? RecordType, string? RecordId, string? Actor);

/// <summary>The result of recomputing the chain: intact, or the first entry whose content or link no longer matches.</summary>
public sealed record ChainVerification(bool Intact, long EntriesChecked, long? FirstBrokenEntryId, string? Problem);

/// <summary>Reads and verifies the audit trail.</summary>
public sealed class AuditLog(GuardrailDb db)
{
    private const int VerifyBatchSize = 2_000;

    public async Task<Result<Page<AuditEntry>>> ListAsync(AuditQuery query, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var entries = db.AuditEntries.AsNoTracking().Where(e => e.Id > paging.Value.AfterId);
        if (query.RecordType is { } recordType)
            entries = entries.Where(e => e.RecordType == recordType);
        if (query.RecordId is { } recordId)
            entries = entries.Where(e => e.RecordId == recordId);
        if (query.Actor is { } actor)
            entries = entries.Where(e => e.Actor == actor);
        var rows = await entries.OrderBy(e => e.Id).Take(paging.Value.Limit + 1).ToListAsync(cancellationToken);
        return paging.Value.ToPage(rows, e => e.Id);
    }

    /// <summary>Walks the chain in id order in batches, so memory stays flat however long the trail is.</summary>
    public async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var expectedPrevious = AuditTrail.GenesisHash;
        long checkedCount = 0, afterId = 0;
        while (true)
        {
            var batch = await db.AuditEntries.AsNoTracking().Where(e => e.Id > afterId).OrderBy(e => e.Id)
                .Take(VerifyBatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
                return new ChainVerification(true, checkedCount, null, null);
            foreach (var entry in batch)
            {
                if (entry.PreviousHash != expectedPrevious)
                    return Broken(entry, checkedCount, "its link to the previous entry does not match: an entry before it was removed, inserted or re-ordered");
                if (AuditTrail.ComputeHash(entry) != entry.Hash)
                    return Broken(entry, checkedCount, "its content no longer matches its hash: the entry was altered");
                expectedPrevious = entry.Hash;
                checkedCount++;
            }
            afterId = batch[^1].Id;
        }
    }

    private static ChainVerification Broken(AuditEntry entry, long checkedCount, string problem) =>
        new(false, checkedCount, entry.Id, $"Audit entry {entry.Id} ({entry.Action} of {entry.RecordType} {entry.RecordId}) is broken: {problem}.");
}
