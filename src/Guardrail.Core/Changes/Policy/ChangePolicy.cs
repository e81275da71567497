using System.Text.RegularExpressions;
using Cronos;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Changes.Policy;

/// <summary>Who must approve a change. <see cref="Automatic"/> needs nobody.</summary>
public enum ApprovalRoute
{
    Automatic,
    ServiceOwner,
    Cab,
}

public enum WindowKind
{
    /// <summary>Blocks normal changes; standard and emergency changes may proceed.</summary>
    Freeze,

    /// <summary>Blocks normal and standard changes; only emergency changes with a justification proceed.</summary>
    Blackout,

    /// <summary>The preferred time for changes; being outside one raises the timing risk.</summary>
    Maintenance,
}

public enum DecisionOutcome
{
    Approve,
    AwaitApproval,
    Reject,
}

/// <summary>A parsed, validated change policy document (see <c>default-change-policy.yaml</c> for the format).</summary>
public sealed record ChangePolicy(
    string Name,
    string? Description,
    IReadOnlyList<StandardModel> StandardModels,
    IReadOnlyList<RiskFactor> Factors,
    ApprovalPolicy Approval,
    IReadOnlyList<PolicyWindow> Windows,
    PromotionPolicy Promotion);

/// <summary>A pre-authorised change model: a change it matches is standard and approved automatically.</summary>
public sealed record StandardModel(string Name, string? Description, ChangeMatch Match);

/// <summary>Conditions on a change; an empty list or a null limit means "any".</summary>
public sealed record ChangeMatch(
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Environments,
    IReadOnlyList<EnvironmentTier> EnvironmentTiers,
    IReadOnlyList<string> Models,
    int? MaxCommits,
    IReadOnlyDictionary<string, string> Evidence)
{
    public static ChangeMatch Any { get; } = new([], [], [], [], null, new Dictionary<string, string>());

    public bool Matches(RiskInputs inputs) =>
        MatchesScope(inputs.ServiceKey, inputs.EnvironmentKey, inputs.Tier)
        && (Models.Count == 0 || Models.Contains(inputs.Model, StringComparer.OrdinalIgnoreCase))
        && (MaxCommits is null || inputs.Commits <= MaxCommits)
        && Evidence.All(e => PolicyEvaluator.EvidenceValue(inputs, e.Key) is { } value
                             && string.Equals(value, e.Value, StringComparison.OrdinalIgnoreCase));

    public bool MatchesScope(string serviceKey, string environmentKey, EnvironmentTier tier) =>
        (Services.Count == 0 || Services.Any(glob => Glob.IsMatch(glob, serviceKey)))
        && (Environments.Count == 0 || Environments.Contains(environmentKey, StringComparer.OrdinalIgnoreCase))
        && (EnvironmentTiers.Count == 0 || EnvironmentTiers.Contains(tier));
}

/// <summary>One approval route: scores up to <see cref="MaxScore"/> (null: any score) go to <see cref="Route"/>.</summary>
public sealed record ApprovalRule(ApprovalRoute Route, int? MaxScore, int Quorum);

public sealed record ApprovalPolicy(
    IReadOnlyList<ApprovalRule> Routes,
    ApprovalRule Emergency,
    TimeSpan Expiry,
    bool RejectOnFailedEvidence)
{
    public static ApprovalPolicy Default { get; } = new(
        [new(ApprovalRoute.Automatic, 30, 0), new(ApprovalRoute.ServiceOwner, 60, 1), new(ApprovalRoute.Cab, null, 2)],
        new(ApprovalRoute.Cab, null, 1),
        TimeSpan.FromHours(72),
        RejectOnFailedEvidence: true);
}

/// <summary>
/// A freeze, blackout or maintenance window: one-off between <see cref="Start"/> and <see cref="End"/>, or recurring
/// at each <see cref="Schedule"/> occurrence for <see cref="Duration"/>. Times are local to <see cref="TimeZone"/>.
/// </summary>
public sealed record PolicyWindow(
    string Name,
    WindowKind Kind,
    TimeZoneInfo TimeZone,
    DateTime? Start,
    DateTime? End,
    CronExpression? Schedule,
    TimeSpan? Duration,
    ChangeMatch AppliesTo);

public sealed record PromotionPolicy(int Successes, int WithinDays)
{
    public static PromotionPolicy Default { get; } = new(10, 90);
}

/// <summary>Service-key globs: <c>*</c> is any run of characters, <c>?</c> one character; case is ignored.</summary>
internal static class Glob
{
    public static bool IsMatch(string glob, string text)
    {
        var pattern = "^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
