using System.Globalization;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Changes.Policy;

/// <summary>What the policy needs to know about a proposed change.</summary>
/// <param name="RequestedType">Normal unless the caller asks for Emergency; Standard is decided by the policy.</param>
/// <param name="Model">The change's model or category, e.g. "deployment".</param>
/// <param name="RecentChanges">Changes to the service over the policy's <c>recentFailureRate.days</c>.</param>
/// <param name="Evidence">Evidence key to result, e.g. tests=passed, scan=failed.</param>
public sealed record RiskInputs(
    string ServiceKey,
    string EnvironmentKey,
    EnvironmentTier Tier,
    Criticality Criticality,
    ChangeType RequestedType,
    string Model,
    int DownstreamCis,
    int BusinessServices,
    int? Commits,
    int? Files,
    int? Lines,
    int RecentChanges,
    int RecentFailures,
    IReadOnlyDictionary<string, string> Evidence,
    DateTime PlannedStartUtc,
    DateTime PlannedEndUtc,
    string? Justification);

public sealed record RiskFactorResult(string Name, double Weight, double Value, double Points, string Reason);

public sealed record WindowHit(string Name, WindowKind Kind, DateTime StartUtc, DateTime EndUtc);

/// <param name="Type">Standard when a standard model matched and nothing blocks it, else the requested type.</param>
/// <param name="StandardModel">The matched standard model, when <paramref name="Type"/> is Standard.</param>
/// <param name="Quorum">Approvals needed; 0 for the automatic route.</param>
/// <param name="Reasons">Sentences for people: why this route, why rejected.</param>
/// <param name="Windows">Applying windows that overlap the planned time.</param>
public sealed record PolicyDecision(
    int Score,
    IReadOnlyList<RiskFactorResult> Factors,
    ChangeType Type,
    string? StandardModel,
    ApprovalRoute Route,
    int Quorum,
    DecisionOutcome Outcome,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<WindowHit> Windows);

public static class PolicyEvaluator
{
    public const string Passed = "passed";
    public const string Failed = "failed";

    public static PolicyDecision Evaluate(ChangePolicy policy, RiskInputs inputs)
    {
        var factors = policy.Factors.Select(f =>
        {
            var (value, reason) = f.Assess(inputs, policy);
            return new RiskFactorResult(f.Name, f.Weight, value, f.Weight * value, reason);
        }).ToList();
        // Away from zero, so that 30.5 counts as 31: a score exactly between two routes takes the stricter one.
        var score = (int)Math.Min(100, Math.Round(factors.Sum(f => f.Points), MidpointRounding.AwayFromZero));

        var plannedEnd = PolicyWindows.AtLeastATick(inputs.PlannedStartUtc, inputs.PlannedEndUtc);
        var hits = PolicyWindows.Applying(policy, inputs.ServiceKey, inputs.EnvironmentKey, inputs.Tier)
            .SelectMany(w => PolicyWindows.Occurrences(w, inputs.PlannedStartUtc, plannedEnd)
                .Select(o => new WindowHit(w.Name, w.Kind, o.StartUtc, o.EndUtc)))
            .OrderBy(h => h.StartUtc)
            .ToList();

        var reasons = new List<string>();
        var rejections = new List<string>();
        ChangeType type;
        string? standardModel = null;
        ApprovalRule rule;

        if (inputs.RequestedType == ChangeType.Emergency)
        {
            type = ChangeType.Emergency;
            rule = policy.Approval.Emergency;
            reasons.Add($"Emergency change: {Describe(rule)}.");
            foreach (var hit in hits.Where(h => h.Kind != WindowKind.Maintenance))
            {
                if (string.IsNullOrWhiteSpace(inputs.Justification))
                    rejections.Add($"An emergency change during {Describe(hit)} needs a justification.");
                else
                    reasons.Add($"Allowed during {Describe(hit)} as an emergency with a justification.");
            }
        }
        else
        {
            var matched = policy.StandardModels.FirstOrDefault(m => m.Match.Matches(inputs));
            var blackout = hits.FirstOrDefault(h => h.Kind == WindowKind.Blackout);
            if (matched is not null && blackout is null)
            {
                type = ChangeType.Standard;
                standardModel = matched.Name;
                rule = new ApprovalRule(ApprovalRoute.Automatic, null, 0);
                reasons.Add($"Matches standard model '{matched.Name}'.");
            }
            else
            {
                type = inputs.RequestedType;
                rule = RouteFor(policy.Approval, score);
                reasons.Add(RouteReason(policy.Approval, rule, score));
                if (matched is not null)
                    rejections.Add($"Matches standard model '{matched.Name}', but standard changes are not allowed during {Describe(blackout!)}.");
                else
                    rejections.AddRange(hits.Where(h => h.Kind != WindowKind.Maintenance).Select(h => $"Normal changes are not allowed during {Describe(h)}."));
            }
        }

        if (policy.Approval.RejectOnFailedEvidence)
        {
            var required = policy.Factors.OfType<EvidenceFactor>().SelectMany(f => f.Required);
            rejections.AddRange(required
                .Where(key => string.Equals(EvidenceValue(inputs, key), Failed, StringComparison.OrdinalIgnoreCase))
                .Select(key => $"Required evidence '{key}' failed."));
        }

        var outcome = rejections.Count > 0 ? DecisionOutcome.Reject
            : rule.Route == ApprovalRoute.Automatic ? DecisionOutcome.Approve
            : DecisionOutcome.AwaitApproval;
        return new PolicyDecision(score, factors, type, standardModel, rule.Route, rule.Quorum, outcome, [.. reasons, .. rejections], hits);
    }

    internal static ApprovalRule RouteFor(ApprovalPolicy approval, int score) =>
        approval.Routes.FirstOrDefault(r => r.MaxScore is null || score <= r.MaxScore) ?? approval.Routes[^1];

    /// <summary>The evidence value for <paramref name="key"/>, whatever the case of the key.</summary>
    internal static string? EvidenceValue(RiskInputs inputs, string key) =>
        inputs.Evidence.TryGetValue(key, out var value) ? value
        : inputs.Evidence.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    private static string RouteReason(ApprovalPolicy approval, ApprovalRule rule, int score)
    {
        var index = IndexOf(approval.Routes, rule);
        var limit = index > 0 ? $"Risk {score} is above {approval.Routes[index - 1].MaxScore}"
            : rule.MaxScore is { } max ? $"Risk {score} is at most {max}"
            : $"Risk {score}";
        return string.Create(CultureInfo.InvariantCulture, $"{limit}: {Describe(rule)}.");
    }

    private static int IndexOf(IReadOnlyList<ApprovalRule> routes, ApprovalRule rule)
    {
        for (var i = 0; i < routes.Count; i++)
        {
            if (ReferenceEquals(routes[i], rule))
                return i;
        }
        return routes.Count - 1;
    }

    private static string Describe(ApprovalRule rule) => rule.Route switch
    {
        ApprovalRoute.Automatic => "approved automatically",
        ApprovalRoute.ServiceOwner => $"the service owner must approve ({Votes(rule.Quorum)})",
        _ => $"the CAB must approve ({Votes(rule.Quorum)})",
    };

    private static string Votes(int quorum) => quorum == 1 ? "1 vote" : $"{quorum} votes";

    private static string Describe(WindowHit hit) =>
        string.Create(CultureInfo.InvariantCulture, $"{WireNames.Of(hit.Kind)} '{hit.Name}' ({hit.StartUtc:yyyy-MM-dd HH:mm} to {hit.EndUtc:yyyy-MM-dd HH:mm} UTC)");
}
