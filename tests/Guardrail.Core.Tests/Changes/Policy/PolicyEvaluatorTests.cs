using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Tests.Changes.Policy;

public class PolicyEvaluatorTests
{
    private static readonly ChangePolicy _full = ChangePolicyDocument.Parse(PolicyDocuments.Full).Policy!;

    private static readonly DateTime _ordinaryDay = new(2026, 6, 10, 9, 0, 0, DateTimeKind.Utc);

    private static RiskInputs Inputs(
        string service = "payments-api", string environment = "prod-eu", EnvironmentTier tier = EnvironmentTier.Production,
        ChangeType type = ChangeType.Normal, string model = "deployment", int? commits = 4,
        IReadOnlyDictionary<string, string>? evidence = null, DateTime? start = null, string? justification = null) =>
        new(service, environment, tier, Criticality.Tier2, type, model,
            DownstreamCis: 12, BusinessServices: 1, Commits: commits, Files: 10, Lines: 300,
            RecentChanges: 10, RecentFailures: 2,
            evidence ?? new Dictionary<string, string> { ["tests"] = "passed" },
            start ?? _ordinaryDay, (start ?? _ordinaryDay).AddHours(1), justification);

    private static ChangePolicy Parse(string spec)
    {
        var result = ChangePolicyDocument.Parse(PolicyDocuments.WithSpec(spec));
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Policy!;
    }

    [Fact]
    public void Each_factor_scores_its_hand_computed_value()
    {
        var decision = PolicyEvaluator.Evaluate(ChangePolicyDocument.Default, Inputs());

        // 25 + 12 + 15*max(12/50, 1/3) + 10*max(4/20, 10/50, 300/1000) + 15*(0.2/0.3) + 0 + 15*(1/2) + 0 = 62.5
        (string Name, double Weight, double Value, double Points, string Reason)[] expected =
        [
            ("environmentTier", 25, 1, 25, "production tier"),
            ("serviceCriticality", 20, 0.6, 12, "tier2 service"),
            ("blastRadius", 15, 1 / 3.0, 5, "12 downstream CIs, 1 business service"),
            ("changeSize", 10, 0.3, 3, "4 commits, 10 files, 300 lines"),
            ("recentFailureRate", 15, 2 / 3.0, 10, "2 of 10 changes failed in 30 days (20%)"),
            ("timing", 10, 0, 0, "no maintenance window applies"),
            ("evidence", 15, 0.5, 7.5, "scan missing"),
            ("emergency", 10, 0, 0, "not an emergency"),
        ];
        Assert.Equal(expected.Select(e => e.Name), decision.Factors.Select(f => f.Name));
        foreach (var (e, actual) in expected.Zip(decision.Factors))
        {
            Assert.Equal(e.Weight, actual.Weight);
            Assert.Equal(e.Value, actual.Value, 9);
            Assert.Equal(e.Points, actual.Points, 9);
            Assert.Equal(e.Reason, actual.Reason);
        }
        Assert.Equal(63, decision.Score);
        Assert.Equal(ApprovalRoute.Cab, decision.Route);
        Assert.Equal(2, decision.Quorum);
        Assert.Equal(DecisionOutcome.AwaitApproval, decision.Outcome);
        Assert.Equal(ChangeType.Normal, decision.Type);
        Assert.Equal(["Risk 63 is above 60: the CAB must approve (2 votes)."], decision.Reasons);
    }

    [Fact]
    public void Unknown_size_too_few_changes_and_emergency_take_their_configured_values()
    {
        var inputs = Inputs(type: ChangeType.Emergency, evidence: new Dictionary<string, string> { ["tests"] = "passed", ["scan"] = "passed" }) with
        {
            Commits = null, Files = null, Lines = null, RecentChanges = 4, RecentFailures = 4, DownstreamCis = 200,
        };

        var factors = PolicyEvaluator.Evaluate(ChangePolicyDocument.Default, inputs).Factors.ToDictionary(f => f.Name);

        Assert.Equal((0.5, 5.0, "size unknown"), (factors["changeSize"].Value, factors["changeSize"].Points, factors["changeSize"].Reason));
        Assert.Equal((0.3, 4.5, "only 4 changes in 30 days"), (factors["recentFailureRate"].Value, factors["recentFailureRate"].Points, factors["recentFailureRate"].Reason));
        Assert.Equal((1.0, 15.0), (factors["blastRadius"].Value, factors["blastRadius"].Points));
        Assert.Equal((0.0, "all required evidence passed"), (factors["evidence"].Value, factors["evidence"].Reason));
        Assert.Equal((1.0, 10.0), (factors["emergency"].Value, factors["emergency"].Points));
    }

    [Theory]
    [InlineData(30, 30, ApprovalRoute.Automatic, 0, DecisionOutcome.Approve)]
    [InlineData(31, 31, ApprovalRoute.ServiceOwner, 1, DecisionOutcome.AwaitApproval)]
    [InlineData(30.5, 31, ApprovalRoute.ServiceOwner, 1, DecisionOutcome.AwaitApproval)]
    [InlineData(30.4, 30, ApprovalRoute.Automatic, 0, DecisionOutcome.Approve)]
    [InlineData(60, 60, ApprovalRoute.ServiceOwner, 1, DecisionOutcome.AwaitApproval)]
    [InlineData(61, 61, ApprovalRoute.Cab, 2, DecisionOutcome.AwaitApproval)]
    public void The_route_follows_the_score_at_the_boundaries(double weight, int score, ApprovalRoute route, int quorum, DecisionOutcome outcome)
    {
        var policy = Parse($$"""
              risk:
                factors:
                  environmentTier: { weight: {{weight.ToString(System.Globalization.CultureInfo.InvariantCulture)}} }
                  serviceCriticality: { weight: 0 }
                  blastRadius: { weight: 0 }
                  changeSize: { weight: 0 }
                  recentFailureRate: { weight: 0 }
                  timing: { weight: 0 }
                  evidence: { weight: 0 }
                  emergency: { weight: 0 }
            """);

        var decision = PolicyEvaluator.Evaluate(policy, Inputs());

        Assert.Equal((score, route, quorum, outcome), (decision.Score, decision.Route, decision.Quorum, decision.Outcome));
    }

    [Fact]
    public void The_automatic_route_says_why()
    {
        var policy = Parse("  risk: { factors: { environmentTier: { weight: 20 }, serviceCriticality: { weight: 0 }, blastRadius: { weight: 0 }, changeSize: { weight: 0 }, recentFailureRate: { weight: 0 }, evidence: { weight: 0 } } }");

        Assert.Equal(["Risk 20 is at most 30: approved automatically."], PolicyEvaluator.Evaluate(policy, Inputs()).Reasons);
    }

    [Theory]
    [InlineData("docs-site", EnvironmentTier.Staging, "deployment", 5, "passed", true)]
    [InlineData("payments-api", EnvironmentTier.Test, "deployment", 20, "passed", true)]
    [InlineData("docs", EnvironmentTier.Staging, "deployment", 5, "passed", false)]
    [InlineData("docs-site", EnvironmentTier.Production, "deployment", 5, "passed", false)]
    [InlineData("docs-site", EnvironmentTier.Staging, "database", 5, "passed", false)]
    [InlineData("docs-site", EnvironmentTier.Staging, "deployment", 21, "passed", false)]
    [InlineData("docs-site", EnvironmentTier.Staging, "deployment", null, "passed", false)]
    [InlineData("docs-site", EnvironmentTier.Staging, "deployment", 5, "skipped", false)]
    public void Standard_models_match_on_globs_tiers_models_size_and_evidence(string service, EnvironmentTier tier, string model, int? commits, string tests, bool standard)
    {
        var decision = PolicyEvaluator.Evaluate(_full, Inputs(service, "some-env", tier, model: model, commits: commits,
            evidence: new Dictionary<string, string> { ["tests"] = tests }));

        if (standard)
        {
            Assert.Equal((ChangeType.Standard, "non-production", ApprovalRoute.Automatic, 0, DecisionOutcome.Approve),
                (decision.Type, decision.StandardModel, decision.Route, decision.Quorum, decision.Outcome));
            Assert.Equal(["Matches standard model 'non-production'."], decision.Reasons);
            Assert.True(decision.Score > 0);
        }
        else
        {
            Assert.Equal(ChangeType.Normal, decision.Type);
            Assert.Null(decision.StandardModel);
        }
    }

    [Fact]
    public void A_freeze_rejects_a_normal_change_it_applies_to_but_not_others()
    {
        var inFreeze = new DateTime(2026, 12, 22, 10, 0, 0, DateTimeKind.Utc);

        var production = PolicyEvaluator.Evaluate(_full, Inputs(start: inFreeze));
        var staging = PolicyEvaluator.Evaluate(_full, Inputs(environment: "stage-eu", tier: EnvironmentTier.Staging, start: inFreeze));

        Assert.Equal(DecisionOutcome.Reject, production.Outcome);
        Assert.Contains("Normal changes are not allowed during freeze 'year-end-freeze' (2026-12-21 00:00 to 2027-01-04 00:00 UTC).", production.Reasons);
        Assert.Equal(new WindowHit("year-end-freeze", WindowKind.Freeze, new(2026, 12, 21, 0, 0, 0), new(2027, 1, 4, 0, 0, 0)), Assert.Single(production.Windows));
        Assert.NotEqual(DecisionOutcome.Reject, staging.Outcome);
        Assert.Empty(staging.Windows);
    }

    [Fact]
    public void A_standard_change_passes_a_freeze_but_not_a_blackout()
    {
        var config = Inputs(model: "config", evidence: new Dictionary<string, string> { ["tests"] = "passed", ["scan"] = "passed" });

        var inFreeze = PolicyEvaluator.Evaluate(_full, config with { PlannedStartUtc = new(2026, 12, 22, 10, 0, 0), PlannedEndUtc = new(2026, 12, 22, 11, 0, 0) });
        var inBlackout = PolicyEvaluator.Evaluate(_full, config with { PlannedStartUtc = new(2026, 11, 1, 10, 0, 0), PlannedEndUtc = new(2026, 11, 1, 11, 0, 0) });

        Assert.Equal((ChangeType.Standard, "prod-config", DecisionOutcome.Approve), (inFreeze.Type, inFreeze.StandardModel, inFreeze.Outcome));
        Assert.Equal(WindowKind.Freeze, Assert.Single(inFreeze.Windows).Kind);
        Assert.Equal((ChangeType.Normal, null, DecisionOutcome.Reject), (inBlackout.Type, inBlackout.StandardModel, inBlackout.Outcome));
        Assert.Contains("Matches standard model 'prod-config', but standard changes are not allowed during blackout 'data-centre-move' (2026-11-01 00:00 to 2026-11-02 00:00 UTC).", inBlackout.Reasons);
    }

    [Fact]
    public void An_emergency_takes_the_emergency_route_and_needs_a_justification_during_a_freeze_or_blackout()
    {
        var inFreeze = new DateTime(2026, 12, 22, 10, 0, 0, DateTimeKind.Utc);
        var inBlackout = new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc);

        var unjustified = PolicyEvaluator.Evaluate(_full, Inputs(type: ChangeType.Emergency, start: inFreeze));
        var justified = PolicyEvaluator.Evaluate(_full, Inputs(type: ChangeType.Emergency, start: inFreeze, justification: "Card payments are failing"));
        var blackout = PolicyEvaluator.Evaluate(_full, Inputs(type: ChangeType.Emergency, start: inBlackout, justification: "Card payments are failing"));
        var ordinary = PolicyEvaluator.Evaluate(_full, Inputs(type: ChangeType.Emergency));

        Assert.Equal((ChangeType.Emergency, ApprovalRoute.Cab, 1, DecisionOutcome.Reject), (unjustified.Type, unjustified.Route, unjustified.Quorum, unjustified.Outcome));
        Assert.Contains("An emergency change during freeze 'year-end-freeze' (2026-12-21 00:00 to 2027-01-04 00:00 UTC) needs a justification.", unjustified.Reasons);
        Assert.Equal((ApprovalRoute.Cab, 1, DecisionOutcome.AwaitApproval), (justified.Route, justified.Quorum, justified.Outcome));
        Assert.Equal(DecisionOutcome.AwaitApproval, blackout.Outcome);
        Assert.Equal(["Emergency change: the CAB must approve (1 vote)."], ordinary.Reasons);
    }

    [Fact]
    public void Failed_required_evidence_rejects_even_a_low_risk_change_unless_the_policy_says_otherwise()
    {
        var evidence = new Dictionary<string, string> { ["tests"] = "passed", ["scan"] = "failed" };
        var lowRisk = Inputs(environment: "dev", tier: EnvironmentTier.Development, evidence: evidence);
        var lenient = Parse("  approval: { rejectOnFailedEvidence: false }");

        var strict = PolicyEvaluator.Evaluate(ChangePolicyDocument.Default, lowRisk);
        var allowed = PolicyEvaluator.Evaluate(lenient, lowRisk);

        Assert.Equal(DecisionOutcome.Reject, strict.Outcome);
        Assert.Contains("Required evidence 'scan' failed.", strict.Reasons);
        Assert.Equal("scan failed", strict.Factors.Single(f => f.Name == "evidence").Reason);
        Assert.NotEqual(DecisionOutcome.Reject, allowed.Outcome);
    }
}
