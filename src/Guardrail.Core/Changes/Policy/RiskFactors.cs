using System.Globalization;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Changes.Policy;

/// <summary>
/// One term of the risk score: <see cref="Weight"/> (0 to 100) times a value from 0 to 1 that the factor reads from
/// the change. <see cref="Name"/> is the factor's key in the policy document.
/// </summary>
public abstract record RiskFactor(string Name, double Weight)
{
    /// <summary>The factors of the default policy, in document order.</summary>
    public static IReadOnlyList<RiskFactor> Defaults { get; } =
    [
        new EnvironmentTierFactor(25, new Dictionary<EnvironmentTier, double>
        {
            [EnvironmentTier.Production] = 1, [EnvironmentTier.Staging] = 0.3, [EnvironmentTier.Test] = 0.1, [EnvironmentTier.Development] = 0,
        }),
        new ServiceCriticalityFactor(20, new Dictionary<Criticality, double>
        {
            [Criticality.Tier1] = 1, [Criticality.Tier2] = 0.6, [Criticality.Tier3] = 0.3, [Criticality.Tier4] = 0.1,
        }),
        new BlastRadiusFactor(15, 50, 3),
        new ChangeSizeFactor(10, 20, 50, 1000, 0.5),
        new RecentFailureRateFactor(15, 30, 0.3, 5, 0.3),
        new TimingFactor(10, 0, 1),
        new EvidenceFactor(15, ["tests", "scan"]),
        new EmergencyFactor(10),
    ];

    internal abstract (double Value, string Reason) Assess(RiskInputs inputs, ChangePolicy policy);

    private protected static string Count(int n, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many)}");
}

public sealed record EnvironmentTierFactor(double Weight, IReadOnlyDictionary<EnvironmentTier, double> Values)
    : RiskFactor("environmentTier", Weight)
{
    internal override (double, string) Assess(RiskInputs inputs, ChangePolicy policy) =>
        (Values.GetValueOrDefault(inputs.Tier), $"{WireNames.Of(inputs.Tier)} tier");
}

public sealed record ServiceCriticalityFactor(double Weight, IReadOnlyDictionary<Criticality, double> Values)
    : RiskFactor("serviceCriticality", Weight)
{
    internal override (double, string) Assess(RiskInputs inputs, ChangePolicy policy) =>
        (Values.GetValueOrDefault(inputs.Criticality), $"{WireNames.Of(inputs.Criticality)} service");
}

/// <summary>Full value once either count reaches its threshold.</summary>
public sealed record BlastRadiusFactor(double Weight, int DownstreamCisAt, int BusinessServicesAt)
    : RiskFactor("blastRadius", Weight)
{
    internal override (double, string) Assess(RiskInputs inputs, ChangePolicy policy) =>
        (Math.Min(1, Math.Max((double)inputs.DownstreamCis / DownstreamCisAt, (double)inputs.BusinessServices / BusinessServicesAt)),
         $"{Count(inputs.DownstreamCis, "downstream CI", "downstream CIs")}, {Count(inputs.BusinessServices, "business service", "business services")}");
}

/// <summary>The largest of the known size ratios; <see cref="Unknown"/> when the size is not known at all.</summary>
public sealed record ChangeSizeFactor(double Weight, int CommitsAt, int FilesAt, int LinesAt, double Unknown)
    : RiskFactor("changeSize", Weight)
{
    internal override (double, string) Assess(RiskInputs inputs, ChangePolicy policy)
    {
        var known = new List<(double Ratio, string Text)>();
        if (inputs.Commits is { } commits)
            known.Add(((double)commits / CommitsAt, Count(commits, "commit", "commits")));
        if (inputs.Files is { } files)
            known.Add(((double)files / FilesAt, Count(files, "file", "files")));
        if (inputs.Lines is { } lines)
            known.Add(((double)lines / LinesAt, Count(lines, "line", "lines")));
        return known.Count == 0
            ? (Unknown, "size unknown")
            : (Math.Min(1, known.Max(k => k.Ratio)), string.Join(", ", known.Select(k => k.Text)));
    }
}

/// <summary>Full value at a failure rate of <see cref="RateAt"/>; too few recent changes to judge give <see cref="Unknown"/>.</summary>
public sealed record RecentFailureRateFactor(double Weight, int Days, double RateAt, int MinimumChanges, double Unknown)
    : RiskFactor("recentFailureRate", Weight)
{
    internal override (double, string) Assess(RiskInputs inputs, ChangePolicy policy)
    {
        if (inputs.RecentChanges < MinimumChanges || inputs.RecentChanges == 0)
            return (Unknown, $"only {Count(inputs.RecentChanges, "change", "changes")} in {Days} days");
        var rate = (double)inputs.RecentFailures / inputs.RecentChanges;
        return (Math.Min(1, rate / RateAt),
                string.Create(CultureInfo.InvariantCulture, $"{inputs.RecentFailures} of {inputs.RecentChanges} changes failed in {Days} days ({rate * 100:0}%)"));
    }
}

/// <summary>
/// Inside or outside the maintenance windows that apply to the change's service and environment; neutral when none
/// applies, so teams without maintenance windows are not penalised.
/// </summary>
public sealed record TimingFactor(double Weight, double InsideMaintenance, double OutsideMaintenance)
    : RiskFactor("timing", Weight)
{
    internal override (double, string) Assess(RiskInputs inputs, ChangePolicy policy)
    {
        var maintenance = PolicyWindows.Applying(policy, inputs.ServiceKey, inputs.EnvironmentKey, inputs.Tier)
            .Where(w => w.Kind == WindowKind.Maintenance)
            .ToList();
        if (maintenance.Count == 0)
            return (0, "no maintenance window applies");
        foreach (var window in maintenance)
        {
            var inside = PolicyWindows.Occurrences(window, inputs.PlannedStartUtc, PolicyWindows.AtLeastATick(inputs.PlannedStartUtc, inputs.PlannedEndUtc))
                .Any(o => o.StartUtc <= inputs.PlannedStartUtc && inputs.PlannedEndUtc <= o.EndUtc);
            if (inside)
                return (InsideMaintenance, $"inside maintenance window '{window.Name}'");
        }
        return (OutsideMaintenance, "outside maintenance windows");
    }
}

/// <summary>The share of required evidence that is missing or did not pass.</summary>
public sealed record EvidenceFactor(double Weight, IReadOnlyList<string> Required)
    : RiskFactor("evidence", Weight)
{
    internal override (double, string) Assess(RiskInputs inputs, ChangePolicy policy)
    {
        if (Required.Count == 0)
            return (0, "no evidence required");
        var lacking = Required
            .Select(key => (Key: key, Value: PolicyEvaluator.EvidenceValue(inputs, key)))
            .Where(e => !string.Equals(e.Value, PolicyEvaluator.Passed, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Value is null ? $"{e.Key} missing" : $"{e.Key} {e.Value}")
            .ToList();
        return lacking.Count == 0
            ? (0, "all required evidence passed")
            : ((double)lacking.Count / Required.Count, string.Join(", ", lacking));
    }
}

public sealed record EmergencyFactor(double Weight) : RiskFactor("emergency", Weight)
{
    internal override (double, string) Assess(RiskInputs inputs, ChangePolicy policy) =>
        inputs.RequestedType == ChangeType.Emergency ? (1, "emergency change") : (0, "not an emergency");
}
