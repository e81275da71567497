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
    IReadOnlyList<DiscoveryWarning> Warnings)
{
    /// <summary>Whether the import changed a CI, a relationship or which service a CI belongs to, so the in-memory graph must reload.</summary>
    public bool ChangedGraph { get; init; }
}

/// <summary>
/// Identification and reconciliation: merges one import scope's discovery result into the CMDB. Re-importing
/// the same snapshot changes nothing; an object gone from its source is retired (kept, with its history)
/// unless another source or a person still vouches for it; several sources describing one CI merge attribute
/// by attribute in <see cref="SourcePrecedence"/> order.
/// </summary>
/// <remarks>
/// An import is planned in memory from what the scope reported before (CI ids, fingerprints of its facts), and
/// only CIs whose fact changed are loaded whole. The plan is written set-based (multi-row inserts, prepared updates)
/// inside the transaction that saves the <see cref="ImportRun"/> and its audit entry, so a 100,000-object import is
/// one transaction and one audit entry, and an unchanged re-import writes only its run.
/// </remarks>
public sealed class Reconciliation(GuardrailDb db, AuditTrail audit, TimeProvider clock)
{
    public const int ListedKeys = 1000;

    private const int LookupBatch = 1000;

    /// <summary>
    /// Merges <paramref name="result"/> as the whole truth of one scope (a cluster, a state file…) of its source:
    /// only CIs this scope reported before can be retired by it. A dry run plans the same and writes nothing.
    /// </summary>
    public Task<Result<ImportOutcome>> ImportAsync(DiscoveryResult result, string scopeName, int documents, bool dryRun, Actor actor, CancellationToken cancellationToken) =>
        ReconcileAsync(result, scopeName, documents, dryRun, actor, null, null, cancellationToken);

    /// <summary>
    /// What a person says about some CIs, as the manual source: <paramref name="stated"/> adds or replaces their manual
    /// facts, and the manual source stops vouching for <paramref name="withdrawn"/>, each of which is then merged from
    /// what other sources still say, or retired when nothing does. A CI about to change whose version is not the one
    /// in <paramref name="expectedVersions"/> (the version the person read) stops the whole change.
    /// </summary>
    public Task<Result<ImportOutcome>> RecordByHandAsync(DiscoveryResult stated, IReadOnlyCollection<string> withdrawn,
        IReadOnlyDictionary<string, long> expectedVersions, Actor actor, CancellationToken cancellationToken) =>
        ReconcileAsync(stated, SourcePrecedence.Manual, 0, dryRun: false, actor, withdrawn, expectedVersions, cancellationToken);

    /// <summary>Why <paramref name="scopeName"/> cannot name an import scope, or null when it can.</summary>
    public static Error? ScopeProblem(string scopeName) => string.IsNullOrWhiteSpace(scopeName) || scopeName.Length > 120
        ? Error.Invalid("scope", "'scope' must name the part of the source this import covers, in at most 120 characters.")
        : null;

    /// <summary>Reconciles <paramref name="result"/>; <c>withdrawn</c> is null when the result is the whole scope, else the only keys the scope stops reporting.</summary>
    private async Task<Result<ImportOutcome>> ReconcileAsync(DiscoveryResult result, string scopeName, int documents, bool dryRun, Actor actor,
        IReadOnlyCollection<string>? withdrawn, IReadOnlyDictionary<string, long>? expectedVersions, CancellationToken cancellationToken)
    {
        if (ScopeProblem(scopeName) is { } invalid)
            return invalid;
        var now = clock.UtcNow();
        var run = new ImportRun
        {
            Source = result.Source,
            ImportScope = $"{result.Source}:{scopeName}",
            DryRun = dryRun,
            RequestedBy = actor.Name,
            StartedAt = now,
            Documents = documents,
            Warnings = JsonSerializer.Serialize(result.Warnings.Select(w => new { document = w.Document, message = w.Message })),
        };
        try
        {
            var plan = await PlanAsync(result, run, now, withdrawn, cancellationToken);
            foreach (var (ci, readVersion) in plan.ChangedCis)
                if (expectedVersions?.GetValueOrDefault(ci.Key, readVersion) is { } expected && expected != readVersion)
                    return Error.StaleVersion("ci", expected, readVersion);
            run.FinishedAt = clock.UtcNow();
            if (!dryRun)
            {
                db.ImportRuns.Add(run);
                await audit.SaveAsync(db, actor, cancellationToken, inTransaction => WriteAsync(plan, run, now, actor, inTransaction));
            }
            return new ImportOutcome(run, Capped(plan.Created), Capped(plan.Updated), Capped(plan.Retired), plan.Unresolved, result.Warnings)
            {
                ChangedGraph = plan.ChangesGraph,
            };
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Error("cmdb.concurrent_change", "Some of these CIs changed while the import ran; nothing was written. Run the import again.", ErrorKind.Conflict);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>A discovered CI with its attributes serialised once and the fingerprint of the fact it makes.</summary>
    private sealed record Incoming(DiscoveredCi Item, string Attributes, string Fingerprint);

    /// <summary>What the scope said about a CI last time, and the CI's id, status and service.</summary>
    private sealed record KnownFact(long CiId, string Key, string Fingerprint, CiStatus Status, long? ServiceId);

    /// <summary>A CI the import refers to: loaded whole when it is created or merged, else known by its id and service.</summary>
    private sealed class CiHandle(long id, long? serviceId)
    {
        public ConfigurationItem? Whole { get; set; }

        public long Id => Whole?.Id ?? id;

        public long? ServiceId => Whole is null ? serviceId : Whole.ServiceId;
    }

    private sealed class Plan
    {
        public List<string> Created { get; } = [];

        public List<string> Updated { get; } = [];

        public List<string> Retired { get; } = [];

        public List<UnresolvedReference> Unresolved { get; } = [];

        public List<ConfigurationItem> NewCis { get; } = [];

        /// <summary>Existing CIs to update, with the version they had when read (their concurrency token).</summary>
        public Dictionary<ConfigurationItem, long> ChangedCis { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>CIs not otherwise changed that now belong to another service of the catalogue.</summary>
        public List<(long CiId, long ServiceId)> ServiceChanges { get; } = [];

        /// <summary>CIs that get a new version; the one they had (when they had one) ends now.</summary>
        public List<ConfigurationItem> Versioned { get; } = [];

        public List<CiSourceFact> NewFacts { get; } = [];

        public List<CiSourceFact> ChangedFacts { get; } = [];

        public List<long> WithdrawnFacts { get; } = [];

        public List<long> RetiredRelationships { get; } = [];

        public List<(CiHandle From, RelationshipType Type, CiHandle To, string? Evidence)> NewRelationships { get; } = [];

        public bool ChangesGraph => NewCis.Count + ChangedCis.Count + ServiceChanges.Count + RetiredRelationships.Count + NewRelationships.Count > 0;

        /// <summary>Notes that an existing CI is about to change, before its version moves.</summary>
        public void Touch(ConfigurationItem ci)
        {
            if (ci.Id > 0)
                ChangedCis.TryAdd(ci, ci.Version);
        }
    }

    private async Task<Plan> PlanAsync(DiscoveryResult result, ImportRun run, DateTime now, IReadOnlyCollection<string>? withdrawn, CancellationToken cancellationToken)
    {
        var importScope = run.ImportScope;
        var plan = new Plan();
        plan.Unresolved.AddRange(result.Unresolved);
        var incoming = Prepare(result.Items, result.Source, importScope);

        var known = await db.CiSourceFacts.AsNoTracking().Where(f => f.ImportScope == importScope)
            .Select(f => new KnownFact(f.CiId, f.Ci!.Key, f.Fingerprint, f.Ci.Status, f.Ci.ServiceId)).ToListAsync(cancellationToken);
        var knownByKey = known.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var handles = known.ToDictionary(f => f.Key, f => new CiHandle(f.CiId, f.ServiceId), StringComparer.Ordinal);

        var changed = new List<(Incoming In, KnownFact Fact)>();
        var unknown = new List<Incoming>();
        foreach (var item in incoming.Values)
        {
            if (!knownByKey.TryGetValue(item.Item.Key, out var fact))
                unknown.Add(item);
            else if (fact.Fingerprint == item.Fingerprint && fact.Status == CiStatus.Active)
                run.Unchanged++;
            else
                changed.Add((item, fact));
        }
        var gone = withdrawn is null
            ? known.Where(f => !incoming.ContainsKey(f.Key)).ToList()
            : [.. withdrawn.Where(knownByKey.ContainsKey).Select(k => knownByKey[k])];

        foreach (var ci in await LoadWholeAsync(changed.Select(c => c.Fact.CiId).Concat(gone.Select(g => g.CiId)), cancellationToken))
            handles[ci.Key].Whole = ci;
        foreach (var ci in await LoadByKeysAsync(unknown.Select(u => u.Item.Key), cancellationToken))
            handles[ci.Key] = new CiHandle(ci.Id, ci.ServiceId) { Whole = ci };
        var otherFacts = await LoadOtherFactsAsync(handles.Values.Where(h => h.Whole is not null).Select(h => h.Id), importScope, cancellationToken);

        foreach (var item in unknown)
        {
            var fact = NewFact(item, result.Source, importScope);
            if (handles.TryGetValue(item.Item.Key, out var existing))
            {
                plan.NewFacts.Add(fact);
                fact.Ci = existing.Whole;
                MergeAndCount(existing.Whole!, [fact, .. otherFacts.GetValueOrDefault(existing.Id, [])]);
                continue;
            }
            var ci = new ConfigurationItem
            {
                Key = item.Item.Key, Name = item.Item.Name, Class = item.Item.Class, Attributes = "{}", CreatedAt = now, UpdatedAt = now, Version = 0,
                IsManual = result.Source == SourcePrecedence.Manual,
            };
            fact.Ci = ci;
            handles[ci.Key] = new CiHandle(0, null) { Whole = ci };
            plan.NewCis.Add(ci);
            plan.NewFacts.Add(fact);
            Merge(ci, [fact], now, plan);
            plan.Created.Add(ci.Key);
        }
        foreach (var (item, previous) in changed)
        {
            var fact = NewFact(item, result.Source, importScope);
            fact.CiId = previous.CiId;
            plan.ChangedFacts.Add(fact);
            MergeAndCount(handles[item.Item.Key].Whole!, [fact, .. otherFacts.GetValueOrDefault(previous.CiId, [])]);
        }
        foreach (var fact in gone)
        {
            plan.WithdrawnFacts.Add(fact.CiId);
            var ci = handles[fact.Key].Whole!;
            var remaining = otherFacts.GetValueOrDefault(ci.Id, []);
            if (remaining.Count > 0)
            {
                if (Merge(ci, remaining, now, plan))
                    plan.Updated.Add(ci.Key);
            }
            else if (!ci.IsManual || result.Source == SourcePrecedence.Manual)
            {
                if (Retire(ci, now, plan))
                    plan.Retired.Add(ci.Key);
            }
        }

        await PlanRelationshipsAsync(result, importScope, handles, plan, run, withdrawn is null, cancellationToken);
        run.Created = plan.Created.Count;
        run.Updated = plan.Updated.Count;
        run.Retired = plan.Retired.Count;
        run.UnresolvedCount = plan.Unresolved.Count;
        return plan;

        void MergeAndCount(ConfigurationItem ci, IReadOnlyList<CiSourceFact> facts)
        {
            if (Merge(ci, facts, now, plan))
                plan.Updated.Add(ci.Key);
            else
                run.Unchanged++;
        }
    }

    /// <summary>Serialises and fingerprints the discovered CIs in parallel; the first of several with one key wins.</summary>
    private static Dictionary<string, Incoming> Prepare(IReadOnlyList<DiscoveredCi> items, string source, string importScope)
    {
        var prepared = new Incoming[items.Count];
        Parallel.For(0, items.Count, i =>
        {
            var attributes = items[i].Attributes.ToJsonString();
            prepared[i] = new Incoming(items[i], attributes, Fingerprint(items[i], attributes));
        });
        var incoming = new Dictionary<string, Incoming>(items.Count, StringComparer.Ordinal);
        foreach (var item in prepared)
            incoming.TryAdd(item.Item.Key, item);
        return incoming;
    }

    private async Task PlanRelationshipsAsync(DiscoveryResult result, string importScope, Dictionary<string, CiHandle> handles,
        Plan plan, ImportRun run, bool retireMissing, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<(string From, RelationshipType Type, string To), string?>();
        foreach (var relationship in result.Relationships)
        {
            if (handles.ContainsKey(relationship.FromKey) && handles.ContainsKey(relationship.ToKey))
                wanted.TryAdd((relationship.FromKey, relationship.Type, relationship.ToKey), relationship.Evidence);
            else
                plan.Unresolved.Add(new UnresolvedReference(relationship.FromKey, relationship.ToKey, "The relationship names a CI the import does not describe."));
        }
        await ResolveLinksAsync(result.Links, handles, wanted, plan, cancellationToken);

        var wantedIds = new HashSet<(long, RelationshipType, long)>();
        foreach (var (from, type, to) in wanted.Keys)
            if (handles[from].Id > 0 && handles[to].Id > 0)
                wantedIds.Add((handles[from].Id, type, handles[to].Id));
        var existing = await db.Relationships.AsNoTracking().Where(r => r.ImportScope == importScope && r.Status == CiStatus.Active)
            .Select(r => new { r.Id, r.FromCiId, r.Type, r.ToCiId }).ToListAsync(cancellationToken);
        var current = new HashSet<(long, RelationshipType, long)>();
        foreach (var row in existing)
        {
            var identity = (row.FromCiId, row.Type, row.ToCiId);
            if ((wantedIds.Contains(identity) || !retireMissing) && current.Add(identity))
                continue;
            plan.RetiredRelationships.Add(row.Id);
        }
        foreach (var ((fromKey, type, toKey), evidence) in wanted)
        {
            var (from, to) = (handles[fromKey], handles[toKey]);
            if (from.Id > 0 && to.Id > 0 && current.Contains((from.Id, type, to.Id)))
                continue;
            plan.NewRelationships.Add((from, type, to, Truncate(evidence, 1000)));
        }
        run.RelationshipsRetired = plan.RetiredRelationships.Count;
        run.RelationshipsCreated = plan.NewRelationships.Count;
    }

    /// <summary>Links to other sources' CIs resolve to the first candidate that exists; <c>service:KEY</c> candidates attach the CI to a catalogue service.</summary>
    private async Task ResolveLinksAsync(IReadOnlyList<CrossSourceLink> links, Dictionary<string, CiHandle> handles,
        Dictionary<(string, RelationshipType, string), string?> wanted, Plan plan, CancellationToken cancellationToken)
    {
        var candidates = links.SelectMany(l => l.CandidateKeys).Where(k => !k.StartsWith("service:", StringComparison.Ordinal) && !handles.ContainsKey(k)).Distinct().ToList();
        foreach (var chunk in candidates.Chunk(LookupBatch))
            foreach (var found in await db.ConfigurationItems.AsNoTracking().Where(c => chunk.Contains(c.Key)).Select(c => new { c.Id, c.Key, c.ServiceId }).ToListAsync(cancellationToken))
                handles.TryAdd(found.Key, new CiHandle(found.Id, found.ServiceId));
        var serviceKeys = links.SelectMany(l => l.CandidateKeys).Where(k => k.StartsWith("service:", StringComparison.Ordinal)).Select(k => k["service:".Length..]).Distinct().ToList();
        var services = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in serviceKeys.Chunk(LookupBatch))
            foreach (var service in await db.Services.Where(s => chunk.Contains(s.Key)).Select(s => new { s.Key, s.Id }).ToListAsync(cancellationToken))
                services[service.Key] = service.Id;

        foreach (var link in links)
        {
            if (!handles.TryGetValue(link.FromKey, out var from))
                continue;
            var target = link.CandidateKeys.FirstOrDefault(k => handles.ContainsKey(k) || (k.StartsWith("service:", StringComparison.Ordinal) && services.ContainsKey(k["service:".Length..])));
            if (target is null && link.CandidateKeys.All(k => k.StartsWith("service:", StringComparison.Ordinal)))
                continue; // only a hint that the CI may belong to a catalogue service of that name: none exists
            if (target is null)
                plan.Unresolved.Add(new UnresolvedReference(link.FromKey, string.Join(" | ", link.CandidateKeys), $"{link.Evidence}: nothing in the CMDB or the service catalogue has that key."));
            else if (target.StartsWith("service:", StringComparison.Ordinal))
                BelongTo(from, services[target["service:".Length..]], plan);
            else
                wanted.TryAdd((link.FromKey, link.Type, target), link.Evidence);
        }
    }

    private static void BelongTo(CiHandle ci, long serviceId, Plan plan)
    {
        if (ci.ServiceId == serviceId)
            return;
        if (ci.Whole is { } whole)
        {
            plan.Touch(whole);
            whole.ServiceId = serviceId;
        }
        else
            plan.ServiceChanges.Add((ci.Id, serviceId));
    }

    private async Task<List<ConfigurationItem>> LoadWholeAsync(IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var found = new List<ConfigurationItem>();
        foreach (var chunk in ids.Distinct().Chunk(LookupBatch))
            found.AddRange(await db.ConfigurationItems.AsNoTracking().Where(c => chunk.Contains(c.Id)).ToListAsync(cancellationToken));
        return found;
    }

    private async Task<List<ConfigurationItem>> LoadByKeysAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var found = new List<ConfigurationItem>();
        foreach (var chunk in keys.Chunk(LookupBatch))
            found.AddRange(await db.ConfigurationItems.AsNoTracking().Where(c => chunk.Contains(c.Key)).ToListAsync(cancellationToken));
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

    /// <summary>Recomputes the CI from its facts; when anything changed, bumps its version and plans the new one for its history.</summary>
    private static bool Merge(ConfigurationItem ci, IReadOnlyList<CiSourceFact> facts, DateTime now, Plan plan)
    {
        var ordered = facts.OrderBy(f => SourcePrecedence.RankOf(f.Source)).ToList();
        var top = ordered[0];
        var merged = ordered.Count == 1 ? top.Attributes : MergeAttributes(ordered);
        if (ci.Version > 0 && ci.Status == CiStatus.Active && ci.Name == top.Name && ci.Class == top.Class && ci.Scope == top.Scope && ci.Attributes == merged)
            return false;
        plan.Touch(ci);
        ci.Name = top.Name;
        ci.Class = top.Class;
        ci.Scope = top.Scope;
        ci.Attributes = merged;
        ci.Status = CiStatus.Active;
        ci.RetiredAt = null;
        ci.UpdatedAt = now;
        ci.Version++;
        plan.Versioned.Add(ci);
        return true;
    }

    /// <summary>Attribute by attribute, the fact of the source with the highest precedence wins.</summary>
    private static string MergeAttributes(List<CiSourceFact> byPrecedence)
    {
        var attributes = new JsonObject();
        foreach (var fact in Enumerable.Reverse(byPrecedence))
            foreach (var (name, value) in JsonNode.Parse(fact.Attributes)!.AsObject())
                attributes[name] = value?.DeepClone();
        return attributes.ToJsonString();
    }

    private static bool Retire(ConfigurationItem ci, DateTime now, Plan plan)
    {
        if (ci.Status == CiStatus.Retired)
            return false;
        plan.Touch(ci);
        ci.Status = CiStatus.Retired;
        ci.RetiredAt = now;
        ci.UpdatedAt = now;
        ci.Version++;
        plan.Versioned.Add(ci);
        return true;
    }

    private static readonly string[] s_ciColumns = ["Key", "Class", "Name", "Scope", "Status", "IsManual", "ServiceId", "Attributes", "Version", "CreatedAt", "UpdatedAt", "RetiredAt"];

    private static readonly string[] s_factColumns = ["CiId", "ImportScope", "Source", "Class", "Name", "Scope", "Attributes", "Fingerprint", "LastRunId"];

    private static readonly string[] s_versionColumns = ["CiId", "Version", "ValidFrom", "ValidTo", "Class", "Name", "Scope", "Status", "ServiceId", "Attributes", "RunId", "ChangedBy"];

    private static readonly string[] s_relationshipColumns = ["FromCiId", "Type", "ToCiId", "ImportScope", "Evidence", "Status", "CreatedAt", "RetiredAt", "Version"];

    private static readonly string[] s_unresolvedColumns = ["RunId", "FromKey", "Reference", "Reason"];

    /// <summary>Writes the plan in the transaction that saves <paramref name="run"/> (which has its id by now): CIs first, so the rest can name them.</summary>
    private async Task WriteAsync(Plan plan, ImportRun run, DateTime now, Actor actor, CancellationToken cancellationToken)
    {
        var statements = new SetBasedStatements(db);
        await statements.InsertAsync("ConfigurationItems", s_ciColumns, plan.NewCis,
            ci => [ci.Key, ci.Class.ToString(), ci.Name, ci.Scope, ci.Status.ToString(), ci.IsManual, ci.ServiceId, ci.Attributes, ci.Version, ci.CreatedAt, ci.UpdatedAt, ci.RetiredAt],
            cancellationToken, assignId: (ci, id) => ci.Id = id);

        await statements.EachAsync(
            "UPDATE \"ConfigurationItems\" SET \"Class\" = @p0, \"Name\" = @p1, \"Scope\" = @p2, \"Status\" = @p3, \"ServiceId\" = @p4, \"Attributes\" = @p5, " +
            "\"Version\" = @p6, \"UpdatedAt\" = @p7, \"RetiredAt\" = @p8 WHERE \"Id\" = @p9 AND \"Version\" = @p10", 11, [.. plan.ChangedCis],
            change => [change.Key.Class.ToString(), change.Key.Name, change.Key.Scope, change.Key.Status.ToString(), change.Key.ServiceId, change.Key.Attributes,
                change.Key.Version, change.Key.UpdatedAt, change.Key.RetiredAt, change.Key.Id, change.Value],
            cancellationToken, (change, updated) =>
            {
                if (updated != 1)
                    throw new DbUpdateConcurrencyException($"CI {change.Key.Key} changed while the import ran.");
            });
        await statements.EachAsync("UPDATE \"ConfigurationItems\" SET \"ServiceId\" = @p0 WHERE \"Id\" = @p1", 2, plan.ServiceChanges,
            change => [change.ServiceId, change.CiId], cancellationToken);

        await statements.ForIdsAsync("UPDATE \"CiVersions\" SET \"ValidTo\" = @p0 WHERE \"ValidTo\" IS NULL AND \"CiId\" IN ({ids})",
            [.. plan.Versioned.Where(ci => ci.Version > 1).Select(ci => ci.Id)], [now], cancellationToken);
        await statements.InsertAsync("CiVersions", s_versionColumns, plan.Versioned,
            ci => [ci.Id, ci.Version, now, null, ci.Class.ToString(), ci.Name, ci.Scope, ci.Status.ToString(), ci.ServiceId, ci.Attributes, run.Id, actor.Name],
            cancellationToken);

        await statements.ForIdsAsync("DELETE FROM \"CiSourceFacts\" WHERE \"ImportScope\" = @p0 AND \"CiId\" IN ({ids})", plan.WithdrawnFacts, [run.ImportScope], cancellationToken);
        await statements.EachAsync(
            "UPDATE \"CiSourceFacts\" SET \"Class\" = @p0, \"Name\" = @p1, \"Scope\" = @p2, \"Attributes\" = @p3, \"Fingerprint\" = @p4 WHERE \"ImportScope\" = @p5 AND \"CiId\" = @p6",
            7, plan.ChangedFacts, fact => [fact.Class.ToString(), fact.Name, fact.Scope, fact.Attributes, fact.Fingerprint, fact.ImportScope, fact.CiId], cancellationToken);
        await statements.InsertAsync("CiSourceFacts", s_factColumns, plan.NewFacts,
            fact => [fact.Ci!.Id, fact.ImportScope, fact.Source, fact.Class.ToString(), fact.Name, fact.Scope, fact.Attributes, fact.Fingerprint, fact.LastRunId],
            cancellationToken);

        await statements.ForIdsAsync("UPDATE \"CiRelationships\" SET \"Status\" = @p0, \"RetiredAt\" = @p1, \"Version\" = \"Version\" + 1 WHERE \"Id\" IN ({ids})",
            plan.RetiredRelationships, [nameof(CiStatus.Retired), now], cancellationToken);
        await statements.InsertAsync("CiRelationships", s_relationshipColumns, plan.NewRelationships,
            r => [r.From.Id, r.Type.ToString(), r.To.Id, run.ImportScope, r.Evidence, nameof(CiStatus.Active), now, null, 1L], cancellationToken);

        await statements.InsertAsync("CmdbUnresolvedReferences", s_unresolvedColumns, plan.Unresolved,
            u => [run.Id, Truncate(u.FromKey, 512), Truncate(u.Reference, 1000), Truncate(u.Reason, 1000)], cancellationToken);
    }

    private static CiSourceFact NewFact(Incoming item, string source, string importScope) => new()
    {
        ImportScope = importScope, Source = source, Class = item.Item.Class, Name = item.Item.Name, Scope = item.Item.Scope,
        Attributes = item.Attributes, Fingerprint = item.Fingerprint,
    };

    private static string Fingerprint(DiscoveredCi item, string attributes) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{item.Class}\u001f{item.Name}\u001f{item.Scope}\u001f{attributes}")));

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    private static List<string> Capped(List<string> keys) => keys.Count > ListedKeys ? keys[..ListedKeys] : keys;
}
