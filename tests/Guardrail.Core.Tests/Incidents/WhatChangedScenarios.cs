using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Incidents.Suspects;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Core.Tests.Support;

namespace Guardrail.Core.Tests.Incidents;

/// <summary>"What changed?" on a real store; run on SQLite and PostgreSQL.</summary>
internal static class WhatChangedScenarios
{
    private static readonly TimeSpan s_minute = TimeSpan.FromMinutes(1);

    public static async Task The_culprit_two_hops_upstream_ranks_first(TestStore store)
    {
        var world = await SuspectWorld.CreateAsync(store);
        var olderOfAffected = await world.DeployAsync("checkout", TimeSpan.FromHours(30), commit: new string('c', 40));
        var culprit = await world.DeployAsync("ledger", 14 * s_minute, commit: "abc1234" + new string('0', 33), shipped: 3);
        var laterUnrelated = await world.DeployAsync("search", 2 * s_minute);

        var report = await world.SuspectsAsync([world.Ci(SuspectWorld.CheckoutApi)]);

        Assert.Equal([culprit, olderOfAffected], report.Suspects.Select(s => s.Deployment!.Id));
        Assert.DoesNotContain(report.Suspects, s => s.Deployment!.Id == laterUnrelated);
        Assert.Equal((3, 3, 2), (report.CisSearched, report.ServicesSearched, report.TotalSuspects));
        Assert.Equal(["production"], report.Environments.Select(e => e.Key));
        Assert.Equal((world.Start - TimeSpan.FromHours(72), world.Start + TimeSpan.FromMinutes(15)), (report.From, report.To));

        var first = report.Suspects[0];
        Assert.Equal((1, 2, "ledger", 14 * s_minute), (first.Rank, first.Hops, first.Service.Key, first.BeforeStart));
        Assert.Equal(["checkout-api", "payments-api", "ledger-db"], first.Path.Select(p => p.Name));
        Assert.Equal([null, "depends on", "depends on"], first.Path.Select(p => p.Relation));
        Assert.Equal(3, first.Deployment!.CommitsShipped);
        Assert.Null(first.Change);
        Assert.Equal(
        [
            "checkout-api depends on payments-api, which depends on ledger-db (2 hops). ledger-db belongs to Ledger.",
            "Deployed 14 minutes before the incident started.",
            "Deployment gh-2 of Ledger to Production shipped 3 commits up to abc1234.",
            "No change record names this deployment.",
        ], first.Evidence);
        // 100 × 1/3 (two hops) × 1/(1 + 14 min / 1 h): the formula documented on SuspectScore.
        Assert.Equal(Math.Round(100.0 / 3 / (1 + 14.0 / 60), 1), first.Score.Points);

        var second = report.Suspects[1];
        Assert.Equal((0, TimeSpan.FromHours(30)), (second.Hops, second.BeforeStart));
        Assert.Equal("On checkout-api, an affected CI. checkout-api belongs to Checkout.", second.Evidence[0]);
        Assert.Equal("Deployed 1 day 6 hours before the incident started.", second.Evidence[1]);
        Assert.True(first.Score.Points > second.Score.Points);

        var byService = await world.SuspectsAsync([], [world.Service("checkout")]);
        Assert.Equal([culprit, olderOfAffected], byService.Suspects.Select(s => s.Deployment!.Id));
        Assert.Equal(first.Evidence, byService.Suspects[0].Evidence);
        Assert.Equal("On Checkout, an affected service.", byService.Suspects[1].Evidence[0]);
        Assert.Empty(byService.Suspects[1].Path);
    }

    public static async Task A_deployment_and_its_change_are_one_suspect(TestStore store)
    {
        var world = await SuspectWorld.CreateAsync(store);
        var payments = await world.DeployAsync("payments", 10 * s_minute, commit: new string('a', 40));
        var linked = await world.ChangeAsync("payments", c =>
        {
            (c.DeploymentId, c.CommitSha, c.RiskScore, c.State, c.Outcome) = (payments, new string('a', 40), 75, ChangeState.Review, ChangeOutcome.RolledBack);
            c.PlannedStart = c.CreatedAt = world.Start - TimeSpan.FromDays(4);
        });
        var ledgerCommit = "4f1c9e2" + new string('b', 33);
        var ledger = await world.DeployAsync("ledger", 40 * s_minute, commit: ledgerCommit);
        var byCommit = await world.ChangeAsync("ledger", c =>
        {
            (c.CommitSha, c.IsReceipt, c.State, c.Outcome, c.PolicyOutcome) = (ledgerCommit[..7], true, ChangeState.Implementation, null, DecisionOutcome.AwaitApproval);
            c.PlannedStart = c.CreatedAt = world.Start - 45 * s_minute;
        });
        var resize = await world.ChangeAsync("search", c =>
        {
            (c.Title, c.Model, c.Type) = ("Resize ledger-db", "database", ChangeType.Emergency);
            (c.PlannedStart, c.Justification) = (world.Start - TimeSpan.FromHours(2), "disk full");
        }, SuspectWorld.LedgerDb);
        await world.ChangeAsync("ledger", c => (c.State, c.Outcome, c.PolicyOutcome, c.PlannedStart) = (ChangeState.Rejected, null, DecisionOutcome.Reject, world.Start - s_minute));
        var checkout = await world.DeployAsync("checkout", 5 * s_minute, commit: new string('d', 40));
        var stillWaiting = await world.ChangeAsync("checkout", c =>
        {
            (c.CommitSha, c.State, c.Outcome, c.PolicyOutcome, c.RiskScore) = (new string('d', 40), ChangeState.Authorisation, null, DecisionOutcome.AwaitApproval, 45);
            c.PlannedStart = c.CreatedAt = world.Start - TimeSpan.FromDays(4);
        });

        var report = await world.SuspectsAsync([world.Ci(SuspectWorld.CheckoutApi)]);

        Assert.Equal(4, report.TotalSuspects);
        var merged = report.Suspects.Single(s => s.Deployment?.Id == payments);
        Assert.Equal((linked, 1, 10 * s_minute), (merged.Change!.Id, merged.Hops, merged.BeforeStart));
        Assert.Equal(["change-failed", "high-risk"], merged.Signals.Select(s => s.Code));
        Assert.Contains($"CHG-{linked} \"Change payments\": normal change, risk 75, review, outcome rolled back.", merged.Evidence);
        Assert.Contains($"CHG-{linked} was reported rolled back.", merged.Evidence);

        var prefix = report.Suspects.Single(s => s.Deployment?.Id == ledger);
        Assert.Equal((byCommit, 40 * s_minute), (prefix.Change!.Id, prefix.BeforeStart));
        Assert.Equal(["not-approved"], prefix.Signals.Select(s => s.Code));

        var deployedAnyway = report.Suspects.Single(s => s.Deployment?.Id == checkout);
        Assert.Equal((stillWaiting, ChangeState.Authorisation), (deployedAnyway.Change!.Id, deployedAnyway.Change.State));
        Assert.Equal($"It was deployed while CHG-{stillWaiting} was still waiting for approval.", deployedAnyway.Signals.Single(s => s.Code == "not-approved").Reason);

        var changeOnly = report.Suspects.Single(s => s.Deployment is null);
        Assert.Equal((resize, 2, "search", TimeSpan.FromHours(2)), (changeOnly.Change!.Id, changeOnly.Hops, changeOnly.Service.Key, changeOnly.BeforeStart));
        Assert.Equal($"checkout-api depends on payments-api, which depends on ledger-db (2 hops). CHG-{resize} names ledger-db among its CIs.", changeOnly.Evidence[0]);
        Assert.Equal("Planned to start 2 hours before the incident started.", changeOnly.Evidence[1]);
        Assert.Equal(["emergency"], changeOnly.Signals.Select(s => s.Code));
        Assert.DoesNotContain(report.Suspects, s => s.Deployment is null && s.Change!.Id != resize);
    }

    public static async Task The_window_and_the_environment_bound_the_suspects(TestStore store)
    {
        var world = await SuspectWorld.CreateAsync(store);
        var staging = await world.DeployAsync("ledger", 5 * s_minute, environment: "staging");
        var tooOld = await world.DeployAsync("payments", TimeSpan.FromHours(73));
        var withinGrace = await world.DeployAsync("payments", -10 * s_minute);
        var tooLate = await world.DeployAsync("payments", -20 * s_minute);
        await world.DeployAsync("payments", 5 * s_minute, status: DeploymentState.Pending);
        await world.DeployAsync("payments", 6 * s_minute, status: DeploymentState.Cancelled);
        var failed = await world.DeployAsync("ledger", 30 * s_minute, status: DeploymentState.Failed);
        var rollingOut = await world.DeployAsync("checkout", 3 * s_minute, status: DeploymentState.InProgress);

        var production = await world.SuspectsAsync([world.Ci(SuspectWorld.CheckoutApi)]);

        Assert.Equal(new[] { withinGrace, failed, rollingOut }.Order(), production.Suspects.Select(s => s.Deployment!.Id).Order());
        var afterStart = production.Suspects.Single(s => s.Deployment!.Id == withinGrace);
        Assert.Equal((-10 * s_minute, 1.0), (afterStart.BeforeStart, afterStart.Score.Recency));
        Assert.Equal("Deployed 10 minutes after the incident started, within the grace of 15 minutes.", afterStart.Evidence[1]);
        var failedOne = production.Suspects.Single(s => s.Deployment!.Id == failed);
        Assert.Equal(("Failed 30 minutes before the incident started.", "deployment-failed"), (failedOne.Evidence[1], failedOne.Signals.Single().Code));
        Assert.Equal("Rolling out since 3 minutes before the incident started.", production.Suspects.Single(s => s.Deployment!.Id == rollingOut).Evidence[1]);

        var longer = await world.SuspectsAsync([world.Ci(SuspectWorld.CheckoutApi)], lookBack: TimeSpan.FromHours(74));
        Assert.Contains(longer.Suspects, s => s.Deployment!.Id == tooOld);
        Assert.DoesNotContain(longer.Suspects, s => s.Deployment!.Id == tooLate);

        var inStaging = await world.SuspectsAsync([world.Ci(SuspectWorld.CheckoutApi)], environment: new RecordReference(null, "staging"));
        Assert.Equal([staging], inStaging.Suspects.Select(s => s.Deployment!.Id));
        Assert.Equal(["staging"], inStaging.Environments.Select(e => e.Key));

        var tooFarBack = await world.AskAsync(new WhatChangedQuery([world.Ci(SuspectWorld.CheckoutApi)], [], world.Start, LookBack: TimeSpan.FromDays(15)));
        Assert.Equal(("validation.failed", "lookBack"), (tooFarBack.Error!.Code, tooFarBack.Error.Fields!.Keys.Single()));
        var unknownEnvironment = await world.AskAsync(new WhatChangedQuery([world.Ci(SuspectWorld.CheckoutApi)], [], world.Start, new RecordReference(null, "moon")));
        Assert.Equal(("environment.not_found", "No environment 'moon' exists."), (unknownEnvironment.Error!.Code, unknownEnvironment.Error.Message));
    }

    public static async Task Equal_scores_are_ordered_by_hops_time_and_id(TestStore store)
    {
        var world = await SuspectWorld.CreateAsync(store);
        var afterStart = await world.DeployAsync("search", -5 * s_minute);
        var checkoutAtStart = await world.DeployAsync("checkout", TimeSpan.Zero);
        var searchAtStart = await world.DeployAsync("search", TimeSpan.Zero);
        var upstream = await world.DeployAsync("payments", TimeSpan.Zero);

        var query = new WhatChangedQuery([], [world.Service("search"), world.Service("checkout")], world.Start);
        var first = await world.AskAsync(query);
        var again = await world.AskAsync(query);

        var suspects = first.Value!.Suspects;
        Assert.Equal([checkoutAtStart, searchAtStart, afterStart, upstream], suspects.Select(s => s.Deployment!.Id));
        Assert.Equal([100.0, 100.0, 100.0, 50.0], suspects.Select(s => s.Score.Points));
        Assert.Equal([1, 2, 3, 4], suspects.Select(s => s.Rank));
        Assert.Equal(suspects.Select(s => (s.Deployment!.Id, s.Rank)), again.Value!.Suspects.Select(s => (s.Deployment!.Id, s.Rank)));

        var limited = await world.AskAsync(query with { Limit = 2 });
        Assert.Equal(4, limited.Value!.TotalSuspects);
        Assert.Equal([checkoutAtStart, searchAtStart], limited.Value.Suspects.Select(s => s.Deployment!.Id));
    }

    public static async Task A_rollback_marks_the_deployment_it_replaced(TestStore store)
    {
        var world = await SuspectWorld.CreateAsync(store);
        var replaced = await world.DeployAsync("ledger", TimeSpan.FromHours(3), commit: new string('1', 40));
        var rollback = await world.DeployAsync("ledger", -TimeSpan.FromHours(2), status: DeploymentState.RolledBack, commit: new string('0', 40));
        var kept = await world.DeployAsync("payments", TimeSpan.FromHours(3));

        var report = await world.SuspectsAsync([world.Ci(SuspectWorld.CheckoutApi)]);

        Assert.Equal([replaced, kept], report.Suspects.Select(s => s.Deployment!.Id));
        var rolledBack = report.Suspects[0];
        Assert.Equal((rollback, "rolled-back"), (rolledBack.Deployment!.RolledBackById, rolledBack.Signals.Single().Code));
        Assert.Equal(2.0, rolledBack.Score.Suspicion);
        Assert.Contains("It was rolled back 5 hours later, by deployment gh-2.", rolledBack.Evidence);
        Assert.Null(report.Suspects[1].Deployment!.RolledBackById);
    }

    public static async Task Unknown_and_retired_references_are_precise_errors(TestStore store)
    {
        var world = await SuspectWorld.CreateAsync(store);

        var unknownCi = await world.AskAsync(new WhatChangedQuery([world.Ci(SuspectWorld.CheckoutApi), 987_654, 987_655], [], world.Start));
        Assert.Equal(("ci.not_found", "No CI has the ids 987654, 987655."), (unknownCi.Error!.Code, unknownCi.Error.Message));
        Assert.Equal(["No CI has the id 987654.", "No CI has the id 987655."], unknownCi.Error.Fields!["ciIds"]);

        await world.RetireAsync(SuspectWorld.SearchApi);
        var retired = await world.AskAsync(new WhatChangedQuery([world.Ci(SuspectWorld.SearchApi)], [], world.Start));
        Assert.Equal(("ci.retired", $"CI {world.Ci(SuspectWorld.SearchApi)} ({SuspectWorld.SearchApi}) is retired: it is no longer in the CMDB graph."),
            (retired.Error!.Code, retired.Error.Message));

        var unknownService = await world.AskAsync(new WhatChangedQuery([], [world.Service("ledger"), 424_242], world.Start));
        Assert.Equal(("service.not_found", "No service has the id 424242."), (unknownService.Error!.Code, unknownService.Error.Message));

        var nothing = await world.AskAsync(new WhatChangedQuery([], [], world.Start));
        Assert.Equal(("validation.failed", "Name at least one affected CI or service."), (nothing.Error!.Code, nothing.Error.Fields!["ciIds"][0]));
    }
}
