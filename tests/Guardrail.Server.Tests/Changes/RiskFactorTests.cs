using System.Text.Json.Nodes;

namespace Guardrail.Server.Tests.Changes;

/// <summary>Each risk factor of the default policy, end to end through the gate's answer.</summary>
public sealed class RiskFactorTests(ChangeApp app) : IClassFixture<ChangeApp>
{
    private static (double Value, double Points, string Reason) Of(JsonNode decision, string factor)
    {
        var found = ChangeWorld.Factor(decision, factor);
        return (found["value"]!.GetValue<double>(), found["points"]!.GetValue<double>(), ChangeWorld.Text(found["reason"]));
    }

    [Fact]
    public async Task Blast_radius_counts_the_downstream_cis_and_business_services_of_the_services_cis()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var serviceCi = await world.CiAsync(service: target.Service);
        var alone = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));

        var dependents = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            dependents.Add(await world.CiAsync());
            await world.RelateAsync(dependents[^1], "depends-on", serviceCi);
        }
        var business = await world.CiAsync("business-service");
        await world.RelateAsync(business, "depends-on", dependents[0]);
        var depended = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));

        Assert.Equal((0, 0, "0 downstream CIs, 0 business services"), Of(alone, "blastRadius"));
        var (value, points, reason) = Of(depended, "blastRadius");
        Assert.Equal("4 downstream CIs, 1 business service", reason);
        // The answer rounds values to 3 decimals and points to 2.
        Assert.Equal(0.333, value);
        Assert.Equal(5, points);
    }

    [Fact]
    public async Task Change_size_takes_the_largest_known_ratio_and_half_when_unknown()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var commits = Enumerable.Range(0, 5).Select(_ => ChangeWorld.Sha()).ToList();

        var byCommits = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed, commits: commits));
        var bySize = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed, commits: commits, files: 25, lines: 100));
        var capped = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed, lines: 5000));
        var unknown = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));

        Assert.Equal((0.25, 2.5, "5 commits"), Of(byCommits, "changeSize"));
        Assert.Equal((0.5, 5, "5 commits, 25 files, 100 lines"), Of(bySize, "changeSize"));
        Assert.Equal((1, 10, "5000 lines"), Of(capped, "changeSize"));
        Assert.Equal((0.5, 5, "size unknown"), Of(unknown, "changeSize"));
    }

    [Fact]
    public async Task Recent_failure_rate_is_judged_once_the_service_has_the_minimum_of_changes_in_that_environment()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync("test", "tier4");
        var elsewhere = target with { Environment = (await world.TargetAsync("test", "tier4", team: target.Team)).Environment };
        async Task<JsonNode> CompletedAsync(Target where, string outcome)
        {
            var decision = await world.GateAsync(ChangeWorld.Gate(where, evidence: ChangeWorld.Passed));
            Assert.Equal("approved", ChangeWorld.Text(decision["decision"]));
            await world.OutcomeAsync(ChangeWorld.Text(decision["change"]), outcome);
            return decision;
        }

        var first = await CompletedAsync(target, "failed");
        await CompletedAsync(target, "failed");
        await CompletedAsync(target, "implemented");
        await CompletedAsync(target, "implemented");
        await CompletedAsync(elsewhere, "failed");
        var fourKnown = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));
        await CompletedAsync(target, "implemented");
        var fiveKnown = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));

        Assert.Equal((0.3, 4.5, "only 0 changes in 30 days"), Of(first, "recentFailureRate"));
        Assert.Equal((0.3, 4.5, "only 4 changes in 30 days"), Of(fourKnown, "recentFailureRate"));
        Assert.Equal((1, 15, "2 of 5 changes failed in 30 days (40%)"), Of(fiveKnown, "recentFailureRate"));
    }

    [Fact]
    public async Task Evidence_missing_or_failed_counts_and_failed_evidence_rejects_the_change()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();

        var passed = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));
        var missing = await world.GateAsync(ChangeWorld.Gate(target));
        var failed = await world.GateAsync(ChangeWorld.Gate(target, evidence: new Dictionary<string, string> { ["tests"] = "passed", ["scan"] = "failed" }));

        Assert.Equal((0, 0, "all required evidence passed"), Of(passed, "evidence"));
        Assert.Equal((1, 15, "tests missing, scan missing"), Of(missing, "evidence"));
        Assert.NotEqual("rejected", ChangeWorld.Text(missing["decision"]));
        Assert.Equal((0.5, 7.5, "scan failed"), Of(failed, "evidence"));
        Assert.Equal("rejected", ChangeWorld.Text(failed["decision"]));
        Assert.Equal("rejected", ChangeWorld.Text(failed["state"]));
        Assert.Contains("Required evidence 'scan' failed.", failed["reasons"]!.AsArray().Select(ChangeWorld.Text));
    }

    [Fact]
    public async Task The_emergency_flag_adds_its_weight_and_the_justification_is_kept()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();

        var normal = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));
        var emergency = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed, emergency: true, justification: "payments are down"));

        Assert.Equal((0, 0, "not an emergency"), Of(normal, "emergency"));
        Assert.Equal((1, 10, "emergency change"), Of(emergency, "emergency"));
        Assert.Equal("emergency", ChangeWorld.Text(emergency["type"]));
        Assert.Equal(normal["risk"]!.GetValue<int>() + 10, emergency["risk"]!.GetValue<int>());
        Assert.Equal("payments are down", ChangeWorld.Text((await world.ChangeAsync(ChangeWorld.Text(emergency["change"])))["justification"]));
    }
}

/// <summary>Timing needs maintenance windows in the policy, which is global: each test has a server of its own.</summary>
public sealed class TimingFactorTests
{
    [Fact]
    public async Task Timing_is_low_inside_a_maintenance_window_high_outside_one_and_neutral_without_one()
    {
        using var app = new ChangeApp();
        var world = await ChangeWorld.CreateAsync(app);
        var inside = await world.TargetAsync();
        var outside = await world.TargetAsync();
        var unwindowed = await world.TargetAsync();
        await world.ApplyPolicyAsync(await world.DefaultPolicyWithAsync(windows: $"""
                - name: every-minute
                  kind: maintenance
                  schedule: "* * * * *"
                  duration: 2h
                  appliesTo: {"{"} environments: [{inside.Environment}] {"}"}
                - name: long-ago
                  kind: maintenance
                  timeZone: Europe/Berlin
                  start: 2020-01-01T00:00
                  end: 2020-01-02T00:00
                  appliesTo: {"{"} environments: [{outside.Environment}] {"}"}
            """));

        var during = await world.GateAsync(ChangeWorld.Gate(inside, evidence: ChangeWorld.Passed));
        var after = await world.GateAsync(ChangeWorld.Gate(outside, evidence: ChangeWorld.Passed));
        var neutral = await world.GateAsync(ChangeWorld.Gate(unwindowed, evidence: ChangeWorld.Passed));

        static (double, double, string) Timing(JsonNode decision)
        {
            var factor = ChangeWorld.Factor(decision, "timing");
            return (factor["value"]!.GetValue<double>(), factor["points"]!.GetValue<double>(), ChangeWorld.Text(factor["reason"]));
        }
        Assert.Equal((0, 0, "inside maintenance window 'every-minute'"), Timing(during));
        Assert.Equal((1, 10, "outside maintenance windows"), Timing(after));
        Assert.Equal((0, 0, "no maintenance window applies"), Timing(neutral));
    }
}
