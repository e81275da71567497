using Guardrail.Core.Changes.Policy;
using Guardrail.Core.ServiceCatalog;

namespace Guardrail.Core.Tests.Changes.Policy;

public class ChangePolicyDocumentTests
{
    [Fact]
    public void The_default_policy_is_the_contract_example()
    {
        var result = ChangePolicyDocument.Parse(ChangePolicyDocument.DefaultYaml);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var policy = ChangePolicyDocument.Default;
        Assert.Equal("default", policy.Name);
        var model = Assert.Single(policy.StandardModels);
        Assert.Equal("non-production-deployment", model.Name);
        Assert.Equal([EnvironmentTier.Test, EnvironmentTier.Development], model.Match.EnvironmentTiers);
        Assert.Equal(["deployment"], model.Match.Models);
        Assert.Empty(policy.Windows);
        Assert.Equal(RiskFactor.Defaults, policy.Factors, FactorComparer.Instance);
        Assert.Equal([ApprovalRoute.Automatic, ApprovalRoute.ServiceOwner, ApprovalRoute.Cab], policy.Approval.Routes.Select(r => r.Route));
        Assert.Equal([30, 60, null], policy.Approval.Routes.Select(r => r.MaxScore));
        Assert.Equal([0, 1, 2], policy.Approval.Routes.Select(r => r.Quorum));
        Assert.Equal(new ApprovalRule(ApprovalRoute.Cab, null, 1), policy.Approval.Emergency);
        Assert.Equal(TimeSpan.FromHours(72), policy.Approval.Expiry);
        Assert.True(policy.Approval.RejectOnFailedEvidence);
        Assert.Equal(new PromotionPolicy(10, 90), policy.Promotion);
    }

    [Fact]
    public void A_minimal_document_takes_every_default()
    {
        var result = ChangePolicyDocument.Parse(PolicyDocuments.WithSpec("  {}"));

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var policy = result.Policy!;
        Assert.Equal("test", policy.Name);
        Assert.Equal(RiskFactor.Defaults, policy.Factors, FactorComparer.Instance);
        Assert.Equal(ApprovalPolicy.Default.Routes, policy.Approval.Routes);
        Assert.Equal(PromotionPolicy.Default, policy.Promotion);
    }

    [Fact]
    public void The_full_example_parses_into_every_section()
    {
        var result = ChangePolicyDocument.Parse(PolicyDocuments.Full);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var policy = result.Policy!;
        Assert.Equal("every section", policy.Description);
        Assert.Equal(["non-production", "prod-config"], policy.StandardModels.Select(m => m.Name));
        var match = policy.StandardModels[0].Match;
        Assert.Equal(["docs-*", "payments-api"], match.Services);
        Assert.Equal([EnvironmentTier.Staging, EnvironmentTier.Test, EnvironmentTier.Development], match.EnvironmentTiers);
        Assert.Equal(20, match.MaxCommits);
        Assert.Equal("passed", match.Evidence["tests"]);
        Assert.Equal(TimeSpan.FromMinutes(90), policy.Approval.Expiry);
        Assert.Equal(["year-end-freeze", "data-centre-move", "weekend-maintenance"], policy.Windows.Select(w => w.Name));
        var maintenance = policy.Windows[2];
        Assert.Equal(WindowKind.Maintenance, maintenance.Kind);
        Assert.Equal("Europe/Berlin", maintenance.TimeZone.Id);
        Assert.Equal(TimeSpan.FromHours(4), maintenance.Duration);
        Assert.Equal(new DateTime(2026, 12, 21, 0, 0, 0), policy.Windows[0].Start);
        Assert.Equal(new PromotionPolicy(12, 60), policy.Promotion);
    }

    [Fact]
    public void Factors_keep_document_order_and_missing_ones_keep_their_defaults()
    {
        var result = ChangePolicyDocument.Parse(PolicyDocuments.WithSpec("""
              risk:
                factors:
                  emergency: { weight: 40 }
                  blastRadius: { downstreamCisAt: 10 }
            """));

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var factors = result.Policy!.Factors;
        Assert.Equal(["emergency", "blastRadius", "environmentTier", "serviceCriticality", "changeSize", "recentFailureRate", "timing", "evidence"],
            factors.Select(f => f.Name));
        Assert.Equal(40, factors[0].Weight);
        Assert.Equal(new BlastRadiusFactor(15, 10, 3), factors[1]);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 15 * 60)]
    [InlineData("72h", 72 * 3600)]
    [InlineData("2d", 2 * 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d2h3m4s", 86400 + 7200 + 180 + 4)]
    public void Durations_parse(string text, int seconds)
    {
        Assert.True(PolicyDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0h")]
    [InlineData("72")]
    [InlineData("1.5h")]
    [InlineData("30m1h")]
    [InlineData("h")]
    public void Bad_durations_do_not_parse(string text) => Assert.False(PolicyDuration.TryParse(text, out _));

    [Fact]
    public void The_digest_is_the_lowercase_sha256_of_the_utf8_text()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ChangePolicyDocument.Digest("abc"));
        Assert.NotEqual(ChangePolicyDocument.Digest("name: é"), ChangePolicyDocument.Digest("name: e"));
    }

    private sealed class FactorComparer : IEqualityComparer<RiskFactor>
    {
        public static readonly FactorComparer Instance = new();

        // Records holding dictionaries or lists compare those by reference; compare what they say instead.
        public bool Equals(RiskFactor? x, RiskFactor? y) => (x, y) switch
        {
            (EnvironmentTierFactor a, EnvironmentTierFactor b) => a.Weight == b.Weight && a.Values.OrderBy(v => v.Key).SequenceEqual(b.Values.OrderBy(v => v.Key)),
            (ServiceCriticalityFactor a, ServiceCriticalityFactor b) => a.Weight == b.Weight && a.Values.OrderBy(v => v.Key).SequenceEqual(b.Values.OrderBy(v => v.Key)),
            (EvidenceFactor a, EvidenceFactor b) => a.Weight == b.Weight && a.Required.SequenceEqual(b.Required),
            _ => Equals((object?)x, y),
        };

        public int GetHashCode(RiskFactor obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
