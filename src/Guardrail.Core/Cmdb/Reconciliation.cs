using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrail.Core.Audit;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Cmdb;

/// <summary>What an import did, or would do in a dry run. Key lists are capped at <see cref="Reconciliation.ListedKeys"/>.</summary>
public sealed record ImportOutcome(
    ImportRun Run,
    IReadOnlyList<string> CreatedKeys,
    IReadOnlyList<string> UpdatedKeys,
    IReadOnlyList<string> RetiredKeys,
    IReadOnlyList<UnresolvedReference> Unresolved,
    IReadOnlyList<DiscoveryWarning> Warnings);

/// <summary>
/// Identification and reconciliation: merges one import scope's discovery result into the CMDB. Re-importing
/// the same snapshot changes nothing; an object gone from its source is retired (kept, with its history)
/// unless another source or a person still vouches for it; several sources describing one CI merge attribute
/// by attribute in <see cref="SourcePrecedence"/> order. Everything is written in one transaction.
/// </summary>
public sealed class Reconciliation(GuardrailDb db, AuditTrail audit, TimeProvider clock)
{
    public const int ListedKeys = 1000;

    private readonly List<long> _superseded = [];

    private const int LookupBatch = 500;

    /// <summary>
    /// Merges <paramref name="result"/> as the whole truth of one scope (a cluster, a state file…) of its source:
    /// only CIs this scope reported before can be retired by it. A dry run plans the same and writes nothing.
    /// Without <paramref name="retireMissing"/> the result only adds and updates (a person adding one CI by hand).
    /// </summary>
    public async Task<Result<ImportOutcome>> ImportAsync(
        DiscoveryResult result, string scopeName, int documents, bool dryRun, Actor actor, CancellationToken cancellationToken, bool retireMissing = true)
    {
        if (string.IsNullOrWhiteSpace(scopeName) || scopeName.Length > 120)
            return Error.Invalid("scope", "'scope' must name the part of the source this import covers, in at most 120 characters.");
        var importScope = $"{result.Source}:{scopeName}";
        var now = clock.UtcNow();
        var run = new ImportRun
        {
            Source = result.Source,
            ImportScope = importScope,
            DryRun = dryRun,
            RequestedBy = actor.Name,
            StartedAt = now,
            Documents = documents,
            Warnings = JsonSerializer.Serialize(result.Warnings.Select(w => new { document = w.Document, message = w.Message })),
        };
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        _superseded.Clear();
        try
        {
            var plan = await PlanAsync(result, importScope, run, now, actor, retireMissing, cancellationToken);
            run.FinishedAt = clock.UtcNow();
            if (!dryRun)
            {
                db.ImportRuns.Add(run);
                foreach (var unresolved in plan.Unresolved)
                    db.UnresolvedReferences.Add(new UnresolvedRecord { Run = run, FromKey = Truncate(unresolved.FromKey, 512)!, Reference = Truncate(unresolved.Reference, 1000)!, Reason = Truncate(unresolved.Reason, 1000)! });
                db.ChangeTracker.DetectChanges();
                await audit.SaveAsync(db, actor, cancellationToken);
            }
            return new ImportOutcome(run, plan.Created, plan.Updated, plan.Retired, plan.Unresolved, result.Warnings);
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    private sealed record Plan(List<string> Created, List<string> Updated, List<string> Retired, List<UnresolvedReference> Unresolved);

    private async Task<Plan> PlanAsync(DiscoveryResult result, string importScope, ImportRun run, DateTime now, Actor actor, bool retireMissing, CancellationToken cancellationToken)
    {
        var plan = new Plan([], [], [], [.. result.Unresolved]);
        var discovered = new Dictionary<string, DiscoveredCi>(StringComparer.Ordinal);
        foreach (var item in result.Items)
            discovered.TryAdd(item.Key, item);

        // The CIs this scope reported before, and those other sources (or people) already have under the keys it reports now.
        var previous = retireMissing
            ? await db.CiSourceFacts.Where(f => f.ImportScope == importScope).Include(f => f.Ci).ToListAsync(cancellationToken)
            : await LoadFactsAsync(importScope, discovered.Keys, cancellationToken);
        var cis = previous.ToDictionary(f => f.Ci!.Key, f => f.Ci!, StringComparer.Ordinal);
        var factsByCi = previous.ToDictionary(f => f.CiId);
        foreach (var existing in await LoadByKeysAsync(discovered.Keys.Where(k => !cis.ContainsKey(k)), cancellationToken))
            cis[existing.Key] = existing;
        var otherFacts = await LoadOtherFactsAsync(cis.Values.Select(c => c.Id), importScope, cancellationToken);

        foreach (var item in discovered.Values)
        {
            var fingerprint = Fingerprint(item);
            if (!cis.TryGetValue(item.Key, out var ci))
            {
                ci = new ConfigurationItem
                {
                    Key = item.Key, Name = item.Name, Class = item.Class, Attributes = "{}", CreatedAt = now, UpdatedAt = now, Version = 0,
                    IsManual = result.Source == SourcePrecedence.Manual,
                };
                cis[item.Key] = ci;
                db.ConfigurationItems.Add(ci);
                db.CiSourceFacts.Add(ToFact(ci, item, importScope, result.Source, fingerprint));
                Merge(ci, [FactOf(item, result.Source, fingerprint)], now, run, actor);
                plan.Created.Add(item.Key);
                continue;
            }
            if (factsByCi.TryGetValue(ci.Id, out var fact) && fact.Fingerprint == fingerprint && ci.Status == CiStatus.Active)
            {
                run.Unchanged++;
                continue;
            }
            if (fact is null)
                db.CiSourceFacts.Add(fact = ToFact(ci, item, importScope, result.Source, fingerprint));
            else
            {
                fact.Class = item.Class;
                fact.Name = item.Name;
                fact.Scope = item.Scope;
                fact.Attributes = item.Attributes.ToJsonString();
                fact.Fingerprint = fingerprint;
                db.Entry(fact).State = EntityState.Modified;
            }
            if (Merge(ci, [fact, .. otherFacts.GetValueOrDefault(ci.Id, [])], now, run, actor))
                plan.Updated.Add(item.Key);
            else
                run.Unchanged++;
        }

        foreach (var gone in previous.Where(f => !discovered.ContainsKey(f.Ci!.Key)))
        {
            db.CiSourceFacts.Remove(gone);
            var ci = gone.Ci!;
            var remaining = otherFacts.GetValueOrDefault(ci.Id, []);
            if (remaining.Count == 0 && !ci.IsManual)
            {
                if (Retire(ci, now, run, actor))
                    plan.Retired.Add(ci.Key);
            }
            else if (Merge(ci, remaining, now, run, actor))
                plan.Updated.Add(ci.Key);
        }

        await CloseSupersededVersionsAsync(now, cancellationToken);
        await PlanRelationshipsAsync(result, importScope, cis, plan, run, now, retireMissing, cancellationToken);
        run.Created = plan.Created.Count;
        run.Updated = plan.Updated.Count;
        run.Retired = plan.Retired.Count;
        run.UnresolvedCount = plan.Unresolved.Count;
        Cap(plan.Created);
        Cap(plan.Updated);
        Cap(plan.Retired);
        return plan;
    }

    private async Task PlanRelationshipsAsync(DiscoveryResult result, string importScope, Dictionary<string, ConfigurationItem> cis,
        Plan plan, ImportRun run, DateTime now, bool retireMissing, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<(string From, RelationshipType Type, string To), string?>();
        foreach (var relationship in result.Relationships)
        {
            if (cis.ContainsKey(relationship.FromKey) && cis.ContainsKey(relationship.ToKey))
                wanted.TryAdd((relationship.FromKey, relationship.Type, relationship.ToKey), relationship.Evidence);
            else
                plan.Unresolved.Add(new UnresolvedReference(relationship.FromKey, relationship.ToKey, "The relationship names a CI the import does not describe."));
        }
        await ResolveLinksAsync(result.Links, cis, wanted, plan, cancellationToken);

        var existing = await db.Relationships.Where(r => r.ImportScope == importScope && r.Status == CiStatus.Active)
            .Select(r => new { Relationship = r, FromKey = r.From!.Key, ToKey = r.To!.Key }).ToListAsync(cancellationToken);
        var current = new HashSet<(string, RelationshipType, string)>();
        foreach (var row in existing)
        {
            var identity = (row.FromKey, row.Relationship.Type, row.ToKey);
            if ((wanted.ContainsKey(identity) || !retireMissing) && current.Add(identity))
                continue;
            row.Relationship.Status = CiStatus.Retired;
            row.Relationship.RetiredAt = now;
            row.Relationship.Version++;
            db.Relationships.Attach(row.Relationship).State = EntityState.Modified;
            run.RelationshipsRetired++;
        }
        foreach (var ((fromKey, type, toKey), evidence) in wanted)
        {
            if (current.Contains((fromKey, type, toKey)))
                continue;
            db.Relationships.Add(new Relationship
            {
                From = cis[fromKey], Type = type, To = cis[toKey], ImportScope = importScope, Evidence = Truncate(evidence, 1000),
                Status = CiStatus.Active, CreatedAt = now,
            });
            run.RelationshipsCreated++;
        }
    }

    /// <summary>Links to other sources' CIs resolve to the first candidate that exists; <c>service:KEY</c> candidates attach the CI to a catalogue service.</summary>
    private async Task ResolveLinksAsync(IReadOnlyList<CrossSourceLink> links, Dictionary<string, ConfigurationItem> cis,
        Dictionary<(string, RelationshipType, string), string?> wanted, Plan plan, CancellationToken cancellationToken)
    {
        var candidates = links.SelectMany(l => l.CandidateKeys).Where(k => !k.StartsWith("service:", StringComparison.Ordinal) && !cis.ContainsKey(k)).Distinct().ToList();
        foreach (var found in await LoadByKeysAsync(candidates, cancellationToken))
            cis.TryAdd(found.Key, found);
        var serviceKeys = links.SelectMany(l => l.CandidateKeys).Where(k => k.StartsWith("service:", StringComparison.Ordinal)).Select(k => k["service:".Length..]).Distinct().ToList();
        var services = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in serviceKeys.Chunk(LookupBatch))
            foreach (var service in await db.Services.Where(s => chunk.Contains(s.Key)).Select(s => new { s.Key, s.Id }).ToListAsync(cancellationToken))
                services[service.Key] = service.Id;

        foreach (var link in links)
        {
            if (!cis.TryGetValue(link.FromKey, out var from))
                continue;
            var target = link.CandidateKeys.FirstOrDefault(k => cis.ContainsKey(k) || (k.StartsWith("service:", StringComparison.Ordinal) && services.ContainsKey(k["service:".Length..])));
            if (target is null && link.CandidateKeys.All(k => k.StartsWith("service:", StringComparison.Ordinal)))
                continue; // only a hint that the CI may belong to a catalogue service of that name: none exists
            if (target is null)
                plan.Unresolved.Add(new UnresolvedReference(link.FromKey, string.Join(" | ", link.CandidateKeys), $"{link.Evidence}: nothing in the CMDB or the service catalogue has that key."));
            else if (target.StartsWith("service:", StringComparison.Ordinal))
            {
                var serviceId = services[target["service:".Length..]];
                if (from.ServiceId != serviceId)
                {
                    from.ServiceId = serviceId;
                    MarkModified(from);
                }
            }
            else
                wanted.TryAdd((link.FromKey, link.Type, target), link.Evidence);
        }
    }

    private async Task<List<CiSourceFact>> LoadFactsAsync(string importScope, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var facts = new List<CiSourceFact>();
        foreach (var chunk in keys.Chunk(LookupBatch))
            facts.AddRange(await db.CiSourceFacts.Where(f => f.ImportScope == importScope && chunk.Contains(f.Ci!.Key)).Include(f => f.Ci).ToListAsync(cancellationToken));
        return facts;
    }

    private async Task<List<ConfigurationItem>> LoadByKeysAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var found = new List<ConfigurationItem>();
        foreach (var chunk in keys.Chunk(LookupBatch))
            found.AddRange(await db.ConfigurationItems.Where(c => chunk.Contains(c.Key)).ToListAsync(cancellationToken));
        return found;
    }

    private async Task<Dictionary<long, List<CiSourceFact>>> LoadOtherFactsAsync(IEnumerable<long> ciIds, string importScope, CancellationToken cancellationToken)
    {
        var facts = new Dictionary<long, List<CiSourceFact>>();
        foreach (var chunk in ciIds.Where(id => id > 0).Chunk(LookupBatch))
            foreach (var fact in await db.CiSourceFacts.AsNoTracking().Where(f => chunk.Contains(f.CiId) && f.ImportScope != importScope).ToListAsync(cancellationToken))
            {
                if (!facts.TryGetValue(fact.CiId, out var list))
                    facts[fact.CiId] = list = [];
                list.Add(fact);
            }
        return facts;
    }

    /// <summary>Recomputes the CI from its facts; when anything changed, bumps its version and records the new one in its history.</summary>
    private bool Merge(ConfigurationItem ci, IReadOnlyList<CiSourceFact> facts, DateTime now, ImportRun run, Actor actor)
    {
        var ordered = facts.OrderBy(f => SourcePrecedence.RankOf(f.Source)).ToList();
        var top = ordered[0];
        var attributes = new JsonObject();
        foreach (var fact in Enumerable.Reverse(ordered))
            foreach (var (name, value) in JsonNode.Parse(fact.Attributes)!.AsObject())
                attributes[name] = value?.DeepClone();
        var merged = attributes.ToJsonString();
        if (ci.Version > 0 && ci.Status == CiStatus.Active && ci.Name == top.Name && ci.Class == top.Class && ci.Scope == top.Scope && ci.Attributes == merged)
            return false;
        ci.Name = top.Name;
        ci.Class = top.Class;
        ci.Scope = top.Scope;
        ci.Attributes = merged;
        ci.Status = CiStatus.Active;
        ci.RetiredAt = null;
        ci.UpdatedAt = now;
        AddVersion(ci, now, run, actor);
        MarkModified(ci);
        return true;
    }

    private bool Retire(ConfigurationItem ci, DateTime now, ImportRun run, Actor actor)
    {
        if (ci.Status == CiStatus.Retired)
            return false;
        ci.Status = CiStatus.Retired;
        ci.RetiredAt = now;
        ci.UpdatedAt = now;
        AddVersion(ci, now, run, actor);
        MarkModified(ci);
        return true;
    }

    private void AddVersion(ConfigurationItem ci, DateTime now, ImportRun run, Actor actor)
    {
        ci.Version++;
        db.CiVersions.Add(new CiVersion
        {
            Ci = ci, Version = ci.Version, ValidFrom = now, Class = ci.Class, Name = ci.Name, Scope = ci.Scope,
            Status = ci.Status, ServiceId = ci.ServiceId, Attributes = ci.Attributes, Run = run, ChangedBy = actor.Name,
        });
        if (ci.Id > 0)
            _superseded.Add(ci.Id);
    }

    /// <summary>The versions that were current for the CIs this import changed end now.</summary>
    private async Task CloseSupersededVersionsAsync(DateTime now, CancellationToken cancellationToken)
    {
        foreach (var chunk in _superseded.Chunk(LookupBatch))
            foreach (var open in await db.CiVersions.Where(v => chunk.Contains(v.CiId) && v.ValidTo == null).ToListAsync(cancellationToken))
            {
                open.ValidTo = now;
                db.Entry(open).State = EntityState.Modified;
            }
    }

    private void MarkModified(ConfigurationItem ci)
    {
        if (ci.Id > 0)
            db.Entry(ci).State = EntityState.Modified;
    }

    private static CiSourceFact ToFact(ConfigurationItem ci, DiscoveredCi item, string importScope, string source, string fingerprint) =>
        new() { Ci = ci, ImportScope = importScope, Source = source, Class = item.Class, Name = item.Name, Scope = item.Scope, Attributes = item.Attributes.ToJsonString(), Fingerprint = fingerprint };

    private static CiSourceFact FactOf(DiscoveredCi item, string source, string fingerprint) =>
        new() { ImportScope = "", Source = source, Class = item.Class, Name = item.Name, Scope = item.Scope, Attributes = item.Attributes.ToJsonString(), Fingerprint = fingerprint };

    private static string Fingerprint(DiscoveredCi item) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{item.Class}\u001f{item.Name}\u001f{item.Scope}\u001f{item.Attributes.ToJsonString()}")));

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    private static void Cap(List<string> keys)
    {
        if (keys.Count > ListedKeys)
            keys.RemoveRange(ListedKeys, keys.Count - ListedKeys);
    }
}
