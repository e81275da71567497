using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Cmdb;

public sealed record CiQuery(string? Search = null, string? Class = null, string? Status = null, string? Service = null, DateTime? AsOf = null);

/// <summary>Reading the CMDB, its history, and the CIs and relationships people make by hand.</summary>
public sealed class ConfigurationItems(GuardrailDb db, AuditTrail audit, TimeProvider clock, ServiceCatalogIndex services, CmdbGraph graph, Reconciliation reconciliation)
{
    public const string ManualScope = SourcePrecedence.Manual + ":" + SourcePrecedence.Manual;

    /// <summary>CIs by id order; with <see cref="CiQuery.AsOf"/>, as they were then (from their versions).</summary>
    public async Task<Result<Page<ConfigurationItem>>> ListAsync(CiQuery query, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        CiClass? wantedClass = null;
        if (query.Class is not null)
        {
            if (!WireNames.TryParse<CiClass>(query.Class, out var parsed))
                return Error.Invalid("class", $"Unknown class '{query.Class}'; one of: {string.Join(", ", WireNames.All<CiClass>())}.");
            wantedClass = parsed;
        }
        CiStatus? wantedStatus = CiStatus.Active;
        if (query.Status is not null)
        {
            if (query.Status == "any")
                wantedStatus = null;
            else if (WireNames.TryParse<CiStatus>(query.Status, out var status))
                wantedStatus = status;
            else
                return Error.Invalid("status", "'status' must be active, retired or any.");
        }
        var search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim().ToLowerInvariant();
        long? serviceId = null;
        if (query.Service is not null)
        {
            if (services.Find(RecordReference.Parse(query.Service)) is not { } service)
                return Error.NotFound("service", query.Service);
            serviceId = service.Id;
        }

        List<ConfigurationItem> rows;
        if (query.AsOf is { } asOf)
        {
            var at = asOf.ToUniversalTime();
            var versions = db.CiVersions.AsNoTracking().Where(v => v.CiId > paging.Value.AfterId && v.ValidFrom <= at && (v.ValidTo == null || v.ValidTo > at));
            if (wantedClass is { } c)
                versions = versions.Where(v => v.Class == c);
            if (wantedStatus is { } s)
                versions = versions.Where(v => v.Status == s);
            if (search is not null)
                versions = versions.Where(v => v.Name.ToLower().Contains(search));
            if (serviceId is { } sid)
                versions = versions.Where(v => v.ServiceId == sid);
            rows = await versions.OrderBy(v => v.CiId).Take(paging.Value.Limit + 1)
                .Select(v => new ConfigurationItem
                {
                    Id = v.CiId, Key = v.Ci!.Key, Class = v.Class, Name = v.Name, Scope = v.Scope, Status = v.Status, ServiceId = v.ServiceId,
                    IsManual = v.Ci.IsManual, Attributes = v.Attributes, Version = v.Version, CreatedAt = v.Ci.CreatedAt, UpdatedAt = v.ValidFrom,
                }).ToListAsync(cancellationToken);
        }
        else
        {
            var cis = db.ConfigurationItems.AsNoTracking().Where(ci => ci.Id > paging.Value.AfterId);
            if (wantedClass is { } c)
                cis = cis.Where(ci => ci.Class == c);
            if (wantedStatus is { } s)
                cis = cis.Where(ci => ci.Status == s);
            if (search is not null)
                cis = cis.Where(ci => ci.Name.ToLower().Contains(search) || ci.Key.Contains(search));
            if (serviceId is { } sid)
                cis = cis.Where(ci => ci.ServiceId == sid);
            rows = await cis.OrderBy(ci => ci.Id).Take(paging.Value.Limit + 1).ToListAsync(cancellationToken);
        }
        return paging.Value.ToPage(rows, ci => ci.Id);
    }

    /// <summary>Finds a CI by id, key, <c>class/name</c> or a name only one CI has.</summary>
    public async Task<Result<ConfigurationItem>> FindAsync(string reference, CancellationToken cancellationToken)
    {
        if (long.TryParse(reference, out var id))
            return await db.ConfigurationItems.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is { } byId
                ? byId : Error.NotFound("ci", reference);
        if (await db.ConfigurationItems.AsNoTracking().FirstOrDefaultAsync(c => c.Key == reference, cancellationToken) is { } byKey)
            return byKey;
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        IQueryable<ConfigurationItem> candidates = db.ConfigurationItems.AsNoTracking().Where(c => c.Status == CiStatus.Active);
        if (slash > 0 && WireNames.TryParse<CiClass>(reference[..slash], out var ciClass))
        {
            var name = reference[(slash + 1)..];
            candidates = candidates.Where(c => c.Class == ciClass && c.Name == name);
        }
        else
            candidates = candidates.Where(c => c.Name == reference);
        var matches = await candidates.OrderBy(c => c.Id).Take(6).ToListAsync(cancellationToken);
        return matches.Count switch
        {
            0 => Error.NotFound("ci", reference),
            1 => matches[0],
            _ => new Error("ci.ambiguous", $"'{reference}' names {(matches.Count > 5 ? "more than 5" : matches.Count)} CIs: {string.Join(", ", matches.Take(5).Select(m => m.Key))}. Use a key or class/name.", ErrorKind.Conflict),
        };
    }

    public async Task<CiResponse> DescribeAsync(ConfigurationItem ci, CancellationToken cancellationToken)
    {
        var sources = await db.CiSourceFacts.AsNoTracking().Where(f => f.CiId == ci.Id).Select(f => f.ImportScope).OrderBy(s => s).ToListAsync(cancellationToken);
        var service = ci.ServiceId is { } id && services.Find(new RecordReference(id, null)) is { } found ? new RecordLink(found.Id, found.Key, found.Name) : null;
        return ci.ToResponse(service, sources);
    }

    public async Task<IReadOnlyList<RelationshipResponse>> RelationshipsOfAsync(long ciId, bool includeRetired, CancellationToken cancellationToken)
    {
        var rows = await db.Relationships.AsNoTracking().Include(r => r.From).Include(r => r.To)
            .Where(r => (r.FromCiId == ciId || r.ToCiId == ciId) && (includeRetired || r.Status == CiStatus.Active))
            .OrderBy(r => r.Id).Take(2000).ToListAsync(cancellationToken);
        return [.. rows.Select(ToResponse)];
    }

    public async Task<IReadOnlyList<CiVersion>> HistoryAsync(long ciId, CancellationToken cancellationToken) =>
        await db.CiVersions.AsNoTracking().Where(v => v.CiId == ciId).OrderBy(v => v.Version).ToListAsync(cancellationToken);

    /// <summary>Every CI version made after <paramref name="since"/>, oldest first.</summary>
    public async Task<Result<Page<CiChangeResponse>>> ChangesSinceAsync(DateTime since, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var paging = PageRequest.Parse(limit, cursor);
        if (!paging.Succeeded)
            return paging.Error;
        var at = since.ToUniversalTime();
        var rows = await db.CiVersions.AsNoTracking().Where(v => v.ValidFrom > at && v.Id > paging.Value.AfterId).OrderBy(v => v.Id)
            .Take(paging.Value.Limit + 1)
            .Select(v => new { v.Id, v.Version, v.ValidFrom, v.ChangedBy, v.RunId, v.CiId, v.Ci!.Key, v.Class, v.Name, v.Status })
            .ToListAsync(cancellationToken);
        var page = paging.Value.ToPage(rows, r => r.Id);
        return new Page<CiChangeResponse>(
            [.. page.Items.Select(r => new CiChangeResponse(new CiSummary(r.CiId, r.Key, WireNames.Of(r.Class), r.Name, WireNames.Of(r.Status)), r.Version, r.ValidFrom, r.ChangedBy, r.RunId))],
            page.NextCursor);
    }

    /// <summary>
    /// What a CI's failure reaches (or what it relies on), breadth-first up to <paramref name="depth"/> hops: the total,
    /// the business services affected, and one page of the reached CIs nearest first with their paths; the cursor of
    /// the next page holds for as long as the graph does not change.
    /// </summary>
    public async Task<Result<ImpactResponse>> ImpactAsync(string reference, ImpactDirection direction, int? depth, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var maxDepth = depth ?? 10;
        if (maxDepth is < 1 or > 50)
            return Error.Invalid("depth", "'depth' must be between 1 and 50.");
        var maxItems = limit ?? 500;
        if (maxItems is < 1 or > 10_000)
            return Error.Invalid("limit", "'limit' must be between 1 and 10000.");
        var found = await FindAsync(reference, cancellationToken);
        if (!found.Succeeded)
            return found.Error;
        var snapshot = await graph.SnapshotAsync(cancellationToken);
        var offset = 0;
        if (cursor is not null)
        {
            var position = ImpactCursor.Parse(cursor, snapshot.Sequence);
            if (!position.Succeeded)
                return position.Error;
            offset = position.Value;
        }
        if (snapshot.NodeOf(found.Value.Id) is not { } root)
            return new Error("ci.retired", $"CI '{found.Value.Key}' is retired: it is no longer in the graph.", ErrorKind.Conflict);

        var first = 1 + offset;
        var page = await snapshot.ReadImpactAsync(root, direction, maxDepth, walk => new ImpactPage(
            walk.Count,
            [.. Enumerable.Range(first, Math.Max(0, Math.Min(maxItems, walk.Count - first)))
                .Select(i => new ReachedCi(snapshot.IdOf(walk.NodeAt(i)), walk.DepthAt(i), walk.ViaAt(i), [.. walk.PathTo(i).Select(snapshot.IdOf)]))],
            walk.BusinessServiceCiIds, walk.CatalogueServiceIds), cancellationToken);
        var summaries = await SummariesAsync(page.Shown.Select(r => r.CiId).Concat(page.BusinessServiceCiIds).Append(found.Value.Id), cancellationToken);

        var items = page.Shown.Select(r => new ImpactNode(summaries[r.CiId], r.Depth, WireNames.Of(r.Via), r.Path)).ToList();
        var next = first + items.Count < page.Count ? ImpactCursor.Of(snapshot.Sequence, offset + items.Count) : null;
        return new ImpactResponse(found.Value.ToSummary(), WireNames.Of(direction), maxDepth, page.Count - 1, next is not null, items,
            BusinessServicesOf(page.CatalogueServiceIds), [.. page.BusinessServiceCiIds.Select(id => summaries[id])], next);
    }

    /// <summary>What one page of an impact answer takes from the walk, read while the walk is lent.</summary>
    private sealed record ImpactPage(int Count, List<ReachedCi> Shown, IReadOnlyList<long> BusinessServiceCiIds, IReadOnlyCollection<long> CatalogueServiceIds);

    private sealed record ReachedCi(long CiId, int Depth, RelationshipType Via, List<long> Path);

    /// <summary>The business services of the catalogue behind the reached CIs: their own service when it is one, else the business service it is part of.</summary>
    private List<RecordLink> BusinessServicesOf(IEnumerable<long> serviceIds)
    {
        var found = new Dictionary<long, RecordLink>();
        foreach (var serviceId in serviceIds)
        {
            if (services.Find(new RecordReference(serviceId, null)) is not { } service)
                continue;
            var business = service.Kind == ServiceKind.Business ? service : service.BusinessService;
            if (business is not null)
                found.TryAdd(business.Id, new RecordLink(business.Id, business.Key, business.Name));
        }
        return [.. found.Values.OrderBy(b => b.Key, StringComparer.Ordinal)];
    }

    private async Task<Dictionary<long, CiSummary>> SummariesAsync(IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, CiSummary>();
        foreach (var chunk in ids.Distinct().Chunk(500))
            foreach (var ci in await db.ConfigurationItems.AsNoTracking().Where(c => chunk.Contains(c.Id))
                .Select(c => new { c.Id, c.Key, c.Class, c.Name, c.Status }).ToListAsync(cancellationToken))
                result[ci.Id] = new CiSummary(ci.Id, ci.Key, WireNames.Of(ci.Class), ci.Name, WireNames.Of(ci.Status));
        return result;
    }

    public async Task<Result<ConfigurationItem>> CreateAsync(CiRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("key", request.Key, 512).Required("name", request.Name, 300).Optional("scope", request.Scope, 300);
        if (!WireNames.TryParse<CiClass>(request.Class, out var ciClass))
            validation.Add("class", $"'class' must be one of: {string.Join(", ", WireNames.All<CiClass>())}.");
        long? serviceId = null;
        if (request.Service is not null)
        {
            if (services.Find(new RecordReference(null, request.Service)) is { } service)
                serviceId = service.Id;
            else
                validation.Add("service", $"No service has the key '{request.Service}'.");
        }
        if (!validation.IsValid)
            return validation.ToError();
        if (await db.ConfigurationItems.AnyAsync(c => c.Key == request.Key, cancellationToken))
            return new Error("ci.key_taken", $"A CI with key '{request.Key}' already exists.", ErrorKind.Conflict,
                new Dictionary<string, string[]> { ["key"] = ["Already used by another CI."] });

        var item = new DiscoveredCi(request.Key!, ciClass, request.Name!.Trim(), request.Attributes ?? []) { Scope = request.Scope };
        CrossSourceLink[] links = serviceId is null ? [] : [new(item.Key, RelationshipType.PartOf, [CiKeys.Service(request.Service!)], "set by hand")];
        var recorded = await RecordByHandAsync(new DiscoveryResult(SourcePrecedence.Manual, [item], [], links, [], []), [], null, actor, cancellationToken);
        if (!recorded.Succeeded)
            return recorded.Error;
        return await FindAsync(request.Key!, cancellationToken);
    }

    /// <summary>
    /// A change by hand, as the fact of the manual source, which outranks every other. Like every fact it names the
    /// CI's name, class and scope, so those stay as the person left them; of the attributes it holds only those a
    /// person set (one set to null is no longer set by hand, so a source's value shows again), and the others still
    /// come from the sources. Send the version you read.
    /// </summary>
    public async Task<Result<ConfigurationItem>> UpdateAsync(string reference, CiRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var found = await FindAsync(reference, cancellationToken);
        if (!found.Succeeded)
            return found.Error;
        var ci = found.Value;
        if (request.Version is not { } expected)
            return Error.Invalid("version", "'version' is required when changing a CI: send the version you read.");
        if (expected != ci.Version)
            return Error.StaleVersion("ci", expected, ci.Version);
        var validation = new Validation().Optional("name", request.Name, 300).Optional("scope", request.Scope, 300);
        if (request.Key is not null && request.Key != ci.Key)
            validation.Add("key", "A CI's key is its identity and cannot change; create a CI with the new key instead.");
        var ciClass = ci.Class;
        if (request.Class is not null && !WireNames.TryParse(request.Class, out ciClass))
            validation.Add("class", $"'class' must be one of: {string.Join(", ", WireNames.All<CiClass>())}.");
        if (request.Name is not null && string.IsNullOrWhiteSpace(request.Name))
            validation.Add("name", "'name' cannot be blank.");
        if (request.Service is not null && services.Find(new RecordReference(null, request.Service)) is null)
            validation.Add("service", $"No service has the key '{request.Service}'.");
        if (!validation.IsValid)
            return validation.ToError();

        var said = await db.CiSourceFacts.AsNoTracking().FirstOrDefaultAsync(f => f.CiId == ci.Id && f.ImportScope == ManualScope, cancellationToken);
        var attributes = said is null ? [] : JsonNode.Parse(said.Attributes)!.AsObject();
        foreach (var (name, value) in request.Attributes ?? [])
        {
            if (value is null)
                attributes.Remove(name);
            else
                attributes[name] = value.DeepClone();
        }
        var item = new DiscoveredCi(ci.Key, request.Class is null ? said?.Class ?? ci.Class : ciClass, request.Name?.Trim() ?? said?.Name ?? ci.Name, attributes)
        {
            Scope = request.Scope ?? said?.Scope ?? ci.Scope,
        };
        CrossSourceLink[] links = request.Service is null ? [] : [new(item.Key, RelationshipType.PartOf, [CiKeys.Service(request.Service)], "set by hand")];
        var recorded = await RecordByHandAsync(new DiscoveryResult(SourcePrecedence.Manual, [item], [], links, [], []), [], ci, actor, cancellationToken);
        if (!recorded.Succeeded)
            return recorded.Error;
        return await FindAsync(ci.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
    }

    /// <summary>
    /// Retires what a person vouches for: the CI's manual fact goes, and the CI is retired (kept, with its history)
    /// unless a source still reports it, which then describes it alone. A CI only discovery describes goes when its
    /// source stops reporting it.
    /// </summary>
    public async Task<Result<ConfigurationItem>> RetireAsync(string reference, long? version, Actor actor, CancellationToken cancellationToken)
    {
        var found = await FindAsync(reference, cancellationToken);
        if (!found.Succeeded)
            return found.Error;
        var ci = found.Value;
        if (version is { } expected && expected != ci.Version)
            return Error.StaleVersion("ci", expected, ci.Version);
        var scopes = await db.CiSourceFacts.AsNoTracking().Where(f => f.CiId == ci.Id).Select(f => f.ImportScope).OrderBy(s => s).ToListAsync(cancellationToken);
        if (!scopes.Contains(ManualScope))
            return ci.Status == CiStatus.Retired
                ? new Error("ci.retired", $"CI '{ci.Key}' is already retired.", ErrorKind.Conflict)
                : new Error("ci.discovered", $"CI '{ci.Key}' comes from {string.Join(", ", scopes)}; it is retired when its source stops reporting it.", ErrorKind.Conflict);
        var recorded = await RecordByHandAsync(new DiscoveryResult(SourcePrecedence.Manual, [], [], [], [], []), [ci.Key], ci, actor, cancellationToken);
        if (!recorded.Succeeded)
            return recorded.Error;
        return await FindAsync(ci.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
    }

    public async Task<Result<Relationship>> RelateAsync(RelationshipRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("from", request.From, 512).Required("to", request.To, 512);
        if (!WireNames.TryParse<RelationshipType>(request.Type, out var type))
            validation.Add("type", $"'type' must be one of: {string.Join(", ", WireNames.All<RelationshipType>())}.");
        if (!validation.IsValid)
            return validation.ToError();
        var from = await FindAsync(request.From!, cancellationToken);
        if (!from.Succeeded)
            return from.Error with { Fields = new Dictionary<string, string[]> { ["from"] = [from.Error.Message] } };
        var to = await FindAsync(request.To!, cancellationToken);
        if (!to.Succeeded)
            return to.Error with { Fields = new Dictionary<string, string[]> { ["to"] = [to.Error.Message] } };
        if (await db.Relationships.AnyAsync(r => r.FromCiId == from.Value.Id && r.ToCiId == to.Value.Id && r.Type == type
            && r.ImportScope == ManualScope && r.Status == CiStatus.Active, cancellationToken))
            return new Error("relationship.exists", "That relationship already exists.", ErrorKind.Conflict);

        var relationship = new Relationship
        {
            FromCiId = from.Value.Id, Type = type, ToCiId = to.Value.Id, ImportScope = ManualScope,
            Evidence = $"added by {actor.Name}", Status = CiStatus.Active, CreatedAt = clock.UtcNow(),
        };
        db.Relationships.Add(relationship);
        db.ImportRuns.Add(ManualRun(actor, created: 1, retired: 0));
        await audit.SaveAsync(db, actor, cancellationToken);
        await graph.RefreshAsync(cancellationToken);
        return relationship;
    }

    /// <summary>Retires a relationship made by hand; discovered ones belong to their source.</summary>
    public async Task<Result<Relationship>> UnrelateAsync(long id, Actor actor, CancellationToken cancellationToken)
    {
        var relationship = await db.Relationships.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (relationship is null)
            return Error.NotFound("relationship", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (relationship.ImportScope != ManualScope)
            return new Error("relationship.discovered", $"This relationship comes from {relationship.ImportScope}; it goes when its source stops reporting it.", ErrorKind.Conflict);
        relationship.Status = CiStatus.Retired;
        relationship.RetiredAt = clock.UtcNow();
        relationship.Version++;
        db.ImportRuns.Add(ManualRun(actor, created: 0, retired: 1));
        await audit.SaveAsync(db, actor, cancellationToken);
        await graph.RefreshAsync(cancellationToken);
        return relationship;
    }

    private async Task<Result<ImportOutcome>> RecordByHandAsync(DiscoveryResult stated, IReadOnlyCollection<string> withdrawn, ConfigurationItem? read, Actor actor, CancellationToken cancellationToken)
    {
        var expected = read is null ? [] : new Dictionary<string, long> { [read.Key] = read.Version };
        var outcome = await reconciliation.RecordByHandAsync(stated, withdrawn, expected, actor, cancellationToken);
        if (outcome.Succeeded && outcome.Value.ChangedGraph)
            await graph.RefreshAsync(cancellationToken);
        return outcome;
    }

    /// <summary>A relationship changed by hand is recorded (and audited) as a run of the manual source with its count.</summary>
    private ImportRun ManualRun(Actor actor, int created, int retired) => new()
    {
        Source = SourcePrecedence.Manual,
        ImportScope = ManualScope,
        RequestedBy = actor.Name,
        StartedAt = clock.UtcNow(),
        FinishedAt = clock.UtcNow(),
        RelationshipsCreated = created,
        RelationshipsRetired = retired,
        Warnings = "[]",
    };

    private static RelationshipResponse ToResponse(Relationship r) =>
        new(r.Id, r.From!.ToSummary(), WireNames.Of(r.Type), r.To!.ToSummary(), r.ImportScope, r.Evidence, WireNames.Of(r.Status), r.CreatedAt, r.RetiredAt);
}

/// <summary>The position of an impact page in one snapshot of the graph: opaque to callers, refused once the graph changed.</summary>
internal static class ImpactCursor
{
    public static string Of(long sequence, int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"impact:{sequence}:{offset}")));

    public static Result<int> Parse(string cursor, long sequence)
    {
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
        }
        catch (FormatException)
        {
            parts = [];
        }
        if (parts is not ["impact", var graphSequence, var position] || !long.TryParse(graphSequence, CultureInfo.InvariantCulture, out var issuedAt)
            || !int.TryParse(position, CultureInfo.InvariantCulture, out var offset) || offset < 0)
            return new Error("paging.invalid_cursor", "The 'cursor' is not one this server issued; pass the 'nextCursor' of the previous page.", ErrorKind.Validation,
                new Dictionary<string, string[]> { ["cursor"] = ["Malformed cursor."] });
        if (issuedAt != sequence)
            return new Error("impact.graph_changed", "The CMDB changed since the first page was read; ask for the impact again from the start.", ErrorKind.Conflict);
        return offset;
    }
}
