using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Incidents.Suspects;

/// <summary>
/// The question "what changed?" for an incident: what it affects (CIs and/or catalogue services, at least one), when it
/// started (UTC; an unspecified kind is read as UTC), and where. <paramref name="Environment"/> null means every
/// environment whose tier is production.
/// </summary>
/// <param name="LookBack">How far before <paramref name="StartedAt"/> to look; the configured default when null.</param>
/// <param name="Limit">How many suspects to return, the best first; the configured default when null.</param>
public sealed record WhatChangedQuery(
    IReadOnlyCollection<long> CiIds,
    IReadOnlyCollection<long> ServiceIds,
    DateTime StartedAt,
    RecordReference? Environment = null,
    TimeSpan? LookBack = null,
    int? Limit = null);

/// <summary>
/// The suspects, ranked, with what was searched: <see cref="From"/> to <see cref="To"/> (the start plus the grace), the
/// environments, the CIs reached upstream (the affected ones included) and the services they belong to.
/// <see cref="TotalSuspects"/> counts every suspect found, of which <see cref="Suspects"/> holds the first ones.
/// </summary>
public sealed record WhatChangedReport(
    DateTime StartedAt,
    DateTime From,
    DateTime To,
    IReadOnlyList<SuspectEnvironment> Environments,
    int CisSearched,
    int ServicesSearched,
    int TotalSuspects,
    IReadOnlyList<Suspect> Suspects);

/// <summary>
/// A deployment, a change record, or a deployment with the change record it carried out (one suspect, not two).
/// <see cref="At"/> is when it took effect (see <see cref="WhatChanged"/>); <see cref="BeforeStart"/> is how long before
/// the incident started that was (negative: after, within the grace). <see cref="Hops"/> is its distance upstream from
/// the nearest affected CI or service, along <see cref="Path"/> (empty when it is on an affected service itself).
/// <see cref="Evidence"/> says all of it in sentences for a responder, the place first.
/// </summary>
public sealed record Suspect(
    int Rank,
    SuspectScore Score,
    SuspectDeployment? Deployment,
    SuspectChange? Change,
    SuspectService Service,
    SuspectEnvironment Environment,
    DateTime At,
    TimeSpan BeforeStart,
    int Hops,
    IReadOnlyList<SuspectPathStep> Path,
    IReadOnlyList<SuspectSignal> Signals,
    IReadOnlyList<string> Evidence);

public sealed record SuspectDeployment(
    long Id,
    IntegrationKind Source,
    string ProviderDeploymentId,
    DeploymentState Status,
    DateTime StartedAt,
    DateTime? DeployedAt,
    string? CommitSha,
    string? Artifact,
    string? Url,
    int? CommitsShipped,
    ShippedSetBasis ShippedSetBasis,
    long? RolledBackById);

public sealed record SuspectChange(
    long Id,
    string Number,
    string Title,
    ChangeType Type,
    ChangeState State,
    ChangeOutcome? Outcome,
    int? RiskScore,
    DecisionOutcome? PolicyOutcome,
    bool IsReceipt,
    DateTime? PlannedStart,
    int Commits);

public sealed record SuspectService(long Id, string Key, string Name);

public sealed record SuspectEnvironment(long Id, string Key, string Name);

/// <summary>A CI on the path from an affected CI; <see cref="Relation"/> says how the step before relies on it ("depends on"), null for the first.</summary>
public sealed record SuspectPathStep(long CiId, string Key, string Name, string? Relation);

/// <summary>What raised the suspicion, with how much (added to the multiplier of <see cref="SuspectScore"/>) and why, in words.</summary>
public sealed record SuspectSignal(string Code, double Boost, string Reason);
