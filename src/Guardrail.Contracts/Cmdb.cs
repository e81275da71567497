using System.Text.Json.Nodes;

namespace Guardrail.Contracts;

public sealed record CiResponse(
    long Id,
    string Key,
    string Class,
    string Name,
    string? Scope,
    string Status,
    bool IsManual,
    RecordLink? Service,
    JsonObject Attributes,
    IReadOnlyList<string> Sources,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? RetiredAt);

/// <summary>A CI made by hand. <see cref="Class"/> is kebab-case (workload, database, …); <see cref="Service"/> a catalogue service key.</summary>
public sealed record CiRequest(string? Key, string? Class, string? Name, string? Scope = null, string? Service = null, JsonObject? Attributes = null, long? Version = null);

public sealed record CiSummary(long Id, string Key, string Class, string Name, string Status);

public sealed record RelationshipResponse(long Id, CiSummary From, string Type, CiSummary To, string Source, string? Evidence, string Status, DateTime CreatedAt, DateTime? RetiredAt);

/// <summary>A relationship made by hand, between CIs named by id, key, Kind/name or an unambiguous name.</summary>
public sealed record RelationshipRequest(string? From, string? Type, string? To);

public sealed record CiVersionResponse(long Version, DateTime ValidFrom, DateTime? ValidTo, string Class, string Name, string? Scope, string Status, JsonObject Attributes, long? RunId, string ChangedBy);

public sealed record CiChangeResponse(CiSummary Ci, long Version, DateTime At, string ChangedBy, long? RunId);

public sealed record ImpactNode(CiSummary Ci, int Depth, string Via, IReadOnlyList<long> Path);

/// <summary>A CI's impact: <see cref="Total"/> CIs reached, of which <see cref="Items"/> is one page, nearest first; <see cref="NextCursor"/> asks for the next.</summary>
public sealed record ImpactResponse(
    CiSummary Root,
    string Direction,
    int Depth,
    int Total,
    bool Truncated,
    IReadOnlyList<ImpactNode> Items,
    IReadOnlyList<RecordLink> BusinessServices,
    IReadOnlyList<CiSummary> BusinessServiceCis,
    string? NextCursor);

public sealed record DiscoveryWarningResponse(string Document, string Message);

public sealed record UnresolvedResponse(string FromKey, string Reference, string Reason);

public sealed record ImportRunResponse(
    long? Id,
    string Source,
    string Scope,
    bool DryRun,
    string RequestedBy,
    DateTime StartedAt,
    DateTime FinishedAt,
    int Documents,
    int Created,
    int Updated,
    int Retired,
    int Unchanged,
    int RelationshipsCreated,
    int RelationshipsRetired,
    int Unresolved,
    IReadOnlyList<DiscoveryWarningResponse> Warnings);

/// <summary>An import's counts and, capped at 1,000 each, the keys it created, updated and retired and what stayed unresolved.</summary>
public sealed record ImportResponse(
    ImportRunResponse Run,
    IReadOnlyList<string> Created,
    IReadOnlyList<string> Updated,
    IReadOnlyList<string> Retired,
    IReadOnlyList<UnresolvedResponse> Unresolved);

/// <summary>
/// A Git repository as the CLI read it locally (the server cannot see the caller's disk). <see cref="History"/> is its
/// recent commit graph, newest first, from which deployments' shipped sets are found when no push history covers them.
/// </summary>
public sealed record GitSnapshotRequest(
    string? DirectoryName, string? OriginUrl, string? CodeOwners, IReadOnlyList<GitFile>? CatalogFiles, IReadOnlyList<GitCommitRecord>? History = null);

public sealed record GitCommitRecord(string Sha, IReadOnlyList<string> Parents, DateTimeOffset AuthoredAt, DateTimeOffset CommittedAt, string? Author, string? Subject);

public sealed record GitFile(string Name, string Content);
