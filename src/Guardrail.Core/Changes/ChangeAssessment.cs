using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Changes;

/// <summary>How big a change is, when the requester knows; commits come from the change's own list.</summary>
public sealed record ChangeSize(int? Files, int? Lines);

/// <summary>
/// Scores a change against the policy in force and carries out its decision: standard and low-risk changes are
/// scheduled at once, the others wait in authorisation for their approvers, a blocked one is rejected. Every figure the
/// decision used is kept on the change: the factors, the reasons, the inputs (for simulation) and the policy version.
/// </summary>
public sealed class ChangeAssessment(
    GuardrailDb db, ActivePolicy policies, BlastRadius blastRadius, TimeProvider clock, IEnumerable<IChangeObserver> observers)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public async Task<RiskInputs> InputsAsync(ChangeRecord change, Service service, DeploymentEnvironment environment, ChangeSize size, PolicyInForce policy, CancellationToken cancellationToken)
    {
        var ciIds = change.Cis.Select(c => c.CiId).ToList();
        var radius = await blastRadius.MeasureAsync(service.Id, ciIds, cancellationToken);
        var since = clock.UtcNow() - TimeSpan.FromDays(policy.Policy.Factors.OfType<RecentFailureRateFactor>().FirstOrDefault()?.Days ?? 30);
        var recent = await db.Changes.AsNoTracking()
            .Where(c => c.ServiceId == service.Id && c.EnvironmentId == environment.Id && c.CreatedAt >= since && c.Outcome != null)
            .GroupBy(_ => 1)
            .Select(g => new { Total = g.Count(), Failed = g.Count(c => c.Outcome != ChangeOutcome.Implemented) })
            .FirstOrDefaultAsync(cancellationToken);
        var start = change.PlannedStart ?? clock.UtcNow();
        return new RiskInputs(
            service.Key, environment.Key, environment.Tier, service.Criticality,
            change.Type == ChangeType.Emergency ? ChangeType.Emergency : ChangeType.Normal,
            change.Model,
            radius.DownstreamCis, radius.BusinessServices,
            change.Commits.Count > 0 ? change.Commits.Count : null, size.Files, size.Lines,
            recent?.Total ?? 0, recent?.Failed ?? 0,
            EvidenceOf(change),
            start, change.PlannedEnd ?? start,
            change.Justification);
    }

    /// <summary>The policy's decision, adjusted by the promotions and demotions a change manager accepted for this pattern.</summary>
    public async Task<(PolicyDecision Decision, string? PromotionNote)> DecideAsync(PolicyInForce policy, RiskInputs inputs, long serviceId, long environmentId, CancellationToken cancellationToken)
    {
        var decision = PolicyEvaluator.Evaluate(policy.Policy, inputs);
        var latest = await db.ModelProposals.AsNoTracking()
            .Where(p => p.ServiceId == serviceId && p.EnvironmentId == environmentId && p.Model == inputs.Model && p.Status == ProposalStatus.Accepted)
            .OrderByDescending(p => p.DecidedAt).Select(p => new { p.Id, p.Kind }).FirstOrDefaultAsync(cancellationToken);
        if (latest is null || inputs.RequestedType == ChangeType.Emergency)
            return (decision, null);
        if (latest.Kind == ProposalKind.Demote && decision.Type == ChangeType.Standard)
        {
            var note = $"Standard treatment of this pattern was suspended by proposal #{latest.Id}.";
            var normal = PolicyEvaluator.Evaluate(policy.Policy with { StandardModels = [] }, inputs);
            return (normal with { Reasons = [note, .. normal.Reasons] }, note);
        }
        if (latest.Kind == ProposalKind.Promote && decision.Type == ChangeType.Normal && decision.Outcome != DecisionOutcome.Reject)
        {
            var note = $"Promoted to a standard model by proposal #{latest.Id}: approved automatically.";
            return (decision with
            {
                Type = ChangeType.Standard,
                StandardModel = $"promoted:{inputs.ServiceKey}/{inputs.EnvironmentKey}/{inputs.Model}",
                Route = ApprovalRoute.Automatic,
                Quorum = 0,
                Outcome = DecisionOutcome.Approve,
                Reasons = [note, .. decision.Reasons],
            }, note);
        }
        return (decision, null);
    }

    /// <summary>
    /// Moves a requested change through assessment to scheduled, authorisation or rejected, in the caller's unit of work.
    /// The caller saves; then <see cref="AnnounceAsync"/> tells the observers once the change has its number.
    /// </summary>
    public async Task AssessAsync(ChangeRecord change, Service service, DeploymentEnvironment environment, ChangeSize size, Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        var policy = await policies.GetAsync(cancellationToken);
        var inputs = await InputsAsync(change, service, environment, size, policy, cancellationToken);
        var (decision, _) = await DecideAsync(policy, inputs, service.Id, environment.Id, cancellationToken);

        if (change.State == ChangeState.Requested)
            change.MoveTo(ChangeState.Assessment, now);
        change.DecidedAt = null;
        change.ApprovalExpiresAt = null;
        Keep(change, decision, inputs, policy.Version);
        change.Record(now, actor, "assessed",
            $"Risk {decision.Score} under policy version {policy.Version} ('{policy.Name}'): {string.Join(" ", decision.Reasons)}");
        switch (decision.Outcome)
        {
            case DecisionOutcome.Approve:
                change.MoveTo(ChangeState.Scheduled, now);
                change.DecidedAt = now;
                change.Record(now, Actor.System, "approved", change.Type == ChangeType.Standard
                    ? $"Standard change ({change.StandardModel}): approved automatically."
                    : "Approved automatically: the risk is within the automatic route.");
                break;
            case DecisionOutcome.AwaitApproval:
                change.MoveTo(ChangeState.Authorisation, now);
                change.ApprovalExpiresAt = now + policy.Policy.Approval.Expiry;
                change.Record(now, Actor.System, "awaiting-approval",
                    $"Waiting for {change.Quorum} approval{(change.Quorum == 1 ? "" : "s")} ({WireNames.Of(decision.Route)} route) until {change.ApprovalExpiresAt:u}.");
                break;
            default:
                change.MoveTo(ChangeState.Rejected, now);
                change.DecidedAt = now;
                change.Record(now, Actor.System, "rejected", "Rejected by the policy: " + string.Join(" ", decision.Reasons));
                break;
        }
    }

    /// <summary>Keeps on the change what the policy decided and everything it decided from.</summary>
    public static void Keep(ChangeRecord change, PolicyDecision decision, RiskInputs inputs, long policyVersion)
    {
        change.Type = decision.Type;
        change.RiskScore = decision.Score;
        change.RiskFactors = JsonSerializer.Serialize(decision.Factors, Json);
        change.RiskInputs = JsonSerializer.Serialize(inputs, Json);
        change.Route = decision.Route;
        change.PolicyOutcome = decision.Outcome;
        change.Quorum = decision.Quorum;
        change.StandardModel = decision.StandardModel;
        change.DecisionReasons = JsonSerializer.Serialize(decision.Reasons, Json);
        change.PolicyVersionId = policyVersion;
    }

    /// <summary>Tells the observers what the (saved) change now waits for or was decided, and saves what they enqueue.</summary>
    public async Task AnnounceAsync(ChangeRecord change, Service service, DeploymentEnvironment environment, CancellationToken cancellationToken)
    {
        await TellAsync(db, observers, new ObservedChange(change, service, environment), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Tells the observers that the change waits for approvals, or was decided; what they enqueue joins <paramref name="unitOfWork"/>.</summary>
    public static async Task TellAsync(GuardrailDb unitOfWork, IEnumerable<IChangeObserver> observers, ObservedChange observed, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            if (observed.Change.State == ChangeState.Authorisation)
                await observer.AwaitingApprovalAsync(unitOfWork, observed, cancellationToken);
            else if (observed.Change.DecidedAt is not null)
                await observer.DecidedAsync(unitOfWork, observed, cancellationToken);
        }
    }

    public static IReadOnlyDictionary<string, string> EvidenceOf(ChangeRecord change) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(change.Evidence, Json) ?? [];

    public static IReadOnlyList<RiskFactorResult> FactorsOf(ChangeRecord change) =>
        change.RiskFactors is null ? [] : JsonSerializer.Deserialize<List<RiskFactorResult>>(change.RiskFactors, Json) ?? [];

    public static IReadOnlyList<string> ReasonsOf(ChangeRecord change) =>
        change.DecisionReasons is null ? [] : JsonSerializer.Deserialize<List<string>>(change.DecisionReasons, Json) ?? [];
}
