using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Guardrail.Core.Audit;

/// <summary>
/// Saves governed records and appends one hash-chained <see cref="AuditEntry"/> per write, in the same
/// transaction. Appends are serialised (in-process, plus an advisory lock on PostgreSQL so several nodes
/// never fork the chain).
/// </summary>
public sealed class AuditTrail(TimeProvider clock)
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private const long ChainLockKey = 0x4755_4152_4452_4149; // "GUARDRAI"

    private readonly SemaphoreSlim _appendGate = new(1, 1);

    /// <summary>
    /// Saves the tracked changes of <paramref name="db"/> as done by <paramref name="actor"/>. Inside a transaction the
    /// caller already opened, the entries join it (the caller commits); the chain stays linear because the writes taken
    /// here hold the database's write lock (SQLite) or the advisory lock (PostgreSQL) until that commit.
    /// <paramref name="writeAlongside"/> makes set-based writes that belong to a governed record being saved (the CIs of
    /// an import run, which the run's audit entry stands for): it runs in the same transaction after the tracked changes,
    /// so they have their ids, and everything commits or rolls back with the audit entries. <paramref name="actorOf"/> names
    /// a record's own actor when one save carries the writes of several callers (a group commit); null means <paramref name="actor"/>.
    /// </summary>
    public async Task SaveAsync(
        GuardrailDb db, Actor actor, CancellationToken cancellationToken, Func<CancellationToken, Task>? writeAlongside = null, Func<object, Actor?>? actorOf = null)
    {
        var writes = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => (Entry: e, RecordType: GovernedRecords.RecordTypeOf(e.Entity.GetType())))
            .Where(w => w.RecordType is not null)
            .Select(w => new PendingWrite(w.Entry, w.RecordType!, w.Entry.State,
                w.Entry.State == EntityState.Added ? null : Snapshot(w.Entry, original: true)))
            .ToList();
        if (writeAlongside is not null && writes.Count == 0)
            throw new InvalidOperationException("Set-based writes are saved only with a governed record whose audit entry stands for them.");

        // Inside the caller's transaction the database's lock already serialises the chain, and this node's other writers
        // wait for it; taking the gate as well would invert the lock order against a writer that holds the gate and waits
        // for the database, and both would wait until the database gave up.
        var ambient = db.Database.CurrentTransaction is not null;
        if (!ambient)
            await _appendGate.WaitAsync(cancellationToken);
        try
        {
            await db.RunAuditedSaveAsync(async () =>
            {
                await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
                if (db.IsPostgres)
                    await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", cancellationToken);

                await db.SaveChangesAsync(cancellationToken);
                if (writeAlongside is not null)
                    await writeAlongside(cancellationToken);

                var previousHash = await db.AuditEntries.OrderByDescending(e => e.Id).Select(e => e.Hash)
                    .FirstOrDefaultAsync(cancellationToken) ?? GenesisHash;
                var at = clock.UtcNow();
                foreach (var write in writes)
                {
                    var entry = new AuditEntry
                    {
                        At = at,
                        Actor = (actorOf?.Invoke(write.Entry.Entity) ?? actor).Name,
                        Action = $"{write.RecordType}.{ActionVerb(write.State)}",
                        RecordType = write.RecordType,
                        RecordId = write.Before?["id"]?.ToString() ?? write.Entry.Property("Id").CurrentValue!.ToString()!,
                        Before = write.Before?.ToJsonString(),
                        After = write.State == EntityState.Deleted ? null : Snapshot(write.Entry, original: false).ToJsonString(),
                        PreviousHash = previousHash,
                        Hash = "",
                    };
                    entry.Hash = ComputeHash(entry);
                    previousHash = entry.Hash;
                    db.AuditEntries.Add(entry);
                }

                await db.SaveChangesAsync(cancellationToken);
                if (owned is not null)
                    await owned.CommitAsync(cancellationToken);
                return true;
            });
        }
        finally
        {
            if (!ambient)
                _appendGate.Release();
        }
    }

    /// <summary>The SHA-256 (hex) over every field of the entry except its id and its own hash.</summary>
    public static string ComputeHash(AuditEntry entry)
    {
        var canonical = string.Join('\u001f',
            entry.PreviousHash,
            entry.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            entry.Actor, entry.Action, entry.RecordType, entry.RecordId,
            entry.Before ?? "", entry.After ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string ActionVerb(EntityState state) => state switch
    {
        EntityState.Added => "created",
        EntityState.Deleted => "deleted",
        _ => "updated",
    };

    private static JsonObject Snapshot(EntityEntry entry, bool original)
    {
        var snapshot = new JsonObject();
        foreach (var property in entry.Properties)
        {
            if (property.Metadata.PropertyInfo?.GetCustomAttribute<NotAuditedAttribute>() is not null)
                continue;
            var value = original ? property.OriginalValue : property.CurrentValue;
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Metadata.Name);
            snapshot[name] = value switch
            {
                null => null,
                DateTime time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                Enum member => JsonNamingPolicy.KebabCaseLower.ConvertName(member.ToString()),
                _ => JsonValue.Create(value),
            };
        }
        return snapshot;
    }

    private sealed record PendingWrite(EntityEntry Entry, string RecordType, EntityState State, JsonObject? Before);
}
