namespace Guardrail.Contracts;

/// <summary>Creates a team, or replaces it when sent with the <see cref="Version"/> it was read at.</summary>
public sealed record TeamRequest(string? Key, string? Name, string? Description = null, string? ContactEmail = null, long? Version = null);

public sealed record TeamResponse(long Id, string Key, string Name, string? Description, string? ContactEmail, long Version, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>
/// Creates a service, or replaces it when sent with <see cref="Version"/>. <see cref="Kind"/> is <c>business</c> or
/// <c>technical</c>; <see cref="Criticality"/> is <c>tier1</c> (most critical) to <c>tier4</c>; <see cref="OwnerTeam"/> and
/// <see cref="BusinessService"/> are keys.
/// </summary>
public sealed record ServiceRequest(
    string? Key,
    string? Name,
    string? Kind,
    string? Criticality,
    string? OwnerTeam,
    string? BusinessService = null,
    string? Description = null,
    long? Version = null);

public sealed record RecordLink(long Id, string Key, string Name);

public sealed record ServiceResponse(
    long Id,
    string Key,
    string Name,
    string Kind,
    string Criticality,
    RecordLink OwnerTeam,
    RecordLink? BusinessService,
    string? Description,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>Creates an environment, or replaces it when sent with <see cref="Version"/>. <see cref="Tier"/>: production, staging, test or development.</summary>
public sealed record EnvironmentRequest(string? Key, string? Name, string? Tier, string? Description = null, long? Version = null);

public sealed record EnvironmentResponse(long Id, string Key, string Name, string Tier, string? Description, long Version, DateTime CreatedAt, DateTime UpdatedAt);
