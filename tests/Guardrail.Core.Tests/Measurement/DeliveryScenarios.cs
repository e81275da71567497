using Guardrail.Contracts;
using Guardrail.Core.Changes;
using Guardrail.Core.Deployments;
using Guardrail.Core.Incidents;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Measurement;
using Guardrail.Core.Persistence;
using Guardrail.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Guardrail.Core.Tests.Measurement.DeliveryWorld;

namespace Guardrail.Core.Tests.Measurement;

/// <summary>
/// Hand-built delivery histories whose figures are worked out by hand in the comments (METRICS.md §2–§7). Hours are
/// after the store's starting clock, T0 = Thursday 26 November 2026 09:00 UTC.
/// </summary>
internal static class DeliveryScenarios
{
    private const double WindowFrom = -12, WindowTo = 60;

    /// <summary>
    /// checkout's three days:
    ///  h1   D1 deploys c0, its first deployment: no shipped set, so no lead time (it still counts as a deployment).
    ///       PR 1 is squash-merged at h6 as s1; its branch commits were authored at h2 and h3 and it opened at h4.
    ///       PR 2 (branch commit f2a authored h5, opened h5.5) is merged at h7 with merge commit m2.
    ///       d3 is pushed straight to main (authored h7.5, committed h8).
    ///  h9   a staging deployment of d3, which production figures never count.
    ///  h10  D2 deploys d3, a batch: PR 1 (lead 10−2 = 8 h), PR 2 (10−5 = 5 h), d3 (10−7.5 = 2.5 h).
    ///  h11  INC-A (P1, impact from h10) and h11.5 INC-B (P2) are confirmed as caused by D2: D2 fails once, not twice.
    ///  h12  R rolls D2 back (rework); D2 is recovered at the rollback, before the incidents resolve (h13, h14): 2 h.
    ///  h30  D4 ships d4 (authored h28, committed h29: 2 h) and d3 again, which keeps its first delivery by D2.
    ///  h31  INC-C (P3) is caused by D4; h31.5 D5 remediates it (rework), before INC-C resolves at h33: 1.5 h.
    ///  h40  D6 runs under an emergency change (rework).  h45 a failed attempt, which is no deployment.
    ///  h50  D7; INC-D opens on checkout at h52 and is never confirmed: D7 is only a suspected failure.
    /// </summary>
    public static async Task<DeliveryWorld> CheckoutAsync(TestStore store)
    {
        var world = await CreateAsync(store, "checkout");
        await world.PushAsync("checkout", "main", NoParent, Commit("c0", world.At(-24)));
        var d1 = await world.DeployAsync("checkout", "gh-1", "c0", world.At(1));

        await world.PushAsync("checkout", "feat-1", NoParent, Commit("f1a", world.At(2)), Commit("f1b", world.At(3)));
        await world.PullRequestAsync("checkout", 1, PullRequestState.Open, world.At(4), null, null, "f1b");
        await world.PullRequestAsync("checkout", 1, PullRequestState.Merged, world.At(4), world.At(6), "s1", "f1b");
        await world.PushAsync("checkout", "main", "c0", Commit("s1", world.At(6)));
        await world.PushAsync("checkout", "feat-2", NoParent, Commit("f2a", world.At(5)));
        await world.PullRequestAsync("checkout", 2, PullRequestState.Merged, world.At(5.5), world.At(7), "m2", "f2a");
        await world.PushAsync("checkout", "main", "s1", Commit("f2a", world.At(5)), Commit("m2", world.At(7)));
        await world.PushAsync("checkout", "main", "m2", Commit("d3", world.At(7.5), world.At(8)));

        await world.DeployAsync("checkout", "gh-stg-1", "d3", world.At(9), environment: "staging");
        var d2 = await world.DeployAsync("checkout", "gh-2", "d3", world.At(10));
        var incidentA = await world.IncidentAsync("checkout", 11, "high", "high", 0.25, startedAt: 10);
        var incidentB = await world.IncidentAsync("checkout", 11.5, "high", "medium", 0.25);
        await world.ConfirmCauseAsync(incidentA, d2);
        await world.ConfirmCauseAsync(incidentB, d2);
        await world.DeployAsync("checkout", "gh-3", "m2", world.At(12), status: DeploymentState.RolledBack);
        await world.TransitionAsync(incidentA, "resolve", 13);
        await world.TransitionAsync(incidentB, "resolve", 14);
        await world.TransitionAsync(incidentA, "close", 20);

        await world.PushAsync("checkout", "main", "d3", Commit("d4", world.At(28), world.At(29)));
        var d4 = await world.DeployAsync("checkout", "gh-4", "d4", world.At(30));
        var incidentC = await world.IncidentAsync("checkout", 31, "medium", "medium", 0.25);
        var cause = await world.ConfirmCauseAsync(incidentC, d4);
        var d5 = await world.DeployAsync("checkout", "gh-5", "d4", world.At(31.5));
        await world.RemediateAsync(incidentC, cause, d5);
        await world.TransitionAsync(incidentC, "resolve", 33);

        var d6 = await world.DeployAsync("checkout", "gh-6", "d4", world.At(40));
        await world.EmergencyChangeAsync("checkout", d6);
        await world.DeployAsync("checkout", "gh-7", "d4", world.At(45), status: DeploymentState.Failed);
        await world.DeployAsync("checkout", "gh-8", "d4", world.At(50));
        await world.IncidentAsync("checkout", 52, "high", "medium", 0.5);
        world.MoveTo(WindowTo);
        Assert.True(d1 > 0);
        return world;
    }

    public static async Task The_five_delivery_metrics_of_a_hand_built_history(TestStore store)
    {
        var world = await CheckoutAsync(store);
        // Every deployed deployment is looked at once, the staging one too (it delivers nothing to production).
        Assert.Equal(8, await world.ProjectAsync());
        var report = await world.ReportAsync(WindowFrom, WindowTo);

        // Seven production deployments (D1, D2, R, D4, D5, D6, D7) over three days, on three distinct days of one ISO week.
        var frequency = report[Metrics.DeploymentFrequency];
        Assert.Equal(7.0 / 3, frequency.Value!.Value, 9);
        Assert.Equal(7, frequency.Inputs["deployments"]);
        Assert.Equal(3, frequency.Inputs["deployment-days"]);
        Assert.Equal(Band.High, frequency.Band);

        // Lead times 8, 5, 2.5 and 2 h: the median is (2.5 + 5) / 2; p90 is at rank 0.9 × 3 = 2.7, so 5 + 0.7 × (8 − 5).
        var lead = report[Metrics.LeadTime];
        Assert.Equal(3.75, lead.Value!.Value, 9);
        Assert.Equal(7.1, lead.P90!.Value, 9);
        Assert.Equal(Band.Elite, lead.Band);
        Assert.Equal(4, lead.Inputs["changes"]);
        Assert.Equal(2, lead.Inputs["deployments-with-unknown-shipped-set"]);
        // Coding: PR 1 4 − 2 = 2 h, PR 2 0.5 h. Review: 2 h and 1.5 h. Deploy: 4, 3, 2 (d3: 10 − 8) and 1 (d4: 30 − 29) h.
        Assert.Equal((1.25, 2L), Part(lead, "coding"));
        Assert.Equal((1.75, 2L), Part(lead, "review"));
        Assert.Equal((2.5, 4L), Part(lead, "deploy"));

        // D2 (two incidents and a rollback) and D4 (an incident and a remediation) failed: 2 of 7; D7 is suspected besides.
        var failRate = report[Metrics.ChangeFailRate];
        Assert.Equal(2.0 / 7, failRate.Value!.Value, 9);
        Assert.Equal(Band.Low, failRate.Band);
        Assert.Equal(new Dictionary<string, long> { ["deployments"] = 7, ["failed"] = 2, ["caused-incidents"] = 2, ["rolled-back"] = 1, ["remediated"] = 1, ["suspected"] = 1 },
            failRate.Inputs);
        Assert.Equal(3.0 / 7, failRate.Parts.Single(p => p.Name == "including-suspected").Value!.Value, 9);

        // D2 recovered at its rollback (h12, 2 h), D4 at its remediation (h31.5, 1.5 h): median 1.75, p90 1.5 + 0.9 × 0.5.
        var recovery = report[Metrics.RecoveryTime];
        Assert.Equal(1.75, recovery.Value!.Value, 9);
        Assert.Equal(1.95, recovery.P90!.Value, 9);
        Assert.Equal(Band.High, recovery.Band);
        Assert.Equal(0, recovery.Inputs["unrecovered"]);

        // The rollback R, the remediation D5 and the emergency D6 are unplanned: 3 of 7.
        var rework = report[Metrics.ReworkRate];
        Assert.Equal(3.0 / 7, rework.Value!.Value, 9);
        Assert.Equal((1L, 1L, 1L), (rework.Inputs["rollbacks"], rework.Inputs["remediations"], rework.Inputs["emergency"]));
    }

    public static async Task The_incident_measures_of_the_same_history(TestStore store)
    {
        var world = await CheckoutAsync(store);
        var report = await world.ReportAsync(WindowFrom, WindowTo);

        // Acknowledged after 0.25, 0.25, 0.25 and 0.5 h: median 0.25, p90 at rank 2.7 = 0.25 + 0.7 × 0.25.
        var mtta = report[Metrics.Mtta];
        Assert.Equal((0.25, 0.425), (mtta.Value!.Value, Math.Round(mtta.P90!.Value, 9)));
        // Resolved after 2 (INC-A, whose later closing does not count), 2.5 (INC-B, resolved and never closed) and 2 h.
        var mttr = report[Metrics.Mttr];
        Assert.Equal((2.0, 2.4, 3L), (mttr.Value!.Value, Math.Round(mttr.P90!.Value, 9), mttr.Inputs["incidents"]));
        // Service restored: P1 INC-A from its impact start h10 to h13 (3 h), P2 INC-B 2.5 h; P3 INC-C does not count.
        var mtrs = report[Metrics.Mtrs];
        Assert.Equal((2.75, 2L), (mtrs.Value!.Value, mtrs.Inputs["incidents"]));
        // INC-D is still open at the window's end, opened 8 h before it.
        var backlog = report[Metrics.BacklogAge];
        Assert.Equal((8.0, 1L), (backlog.Value!.Value, backlog.Inputs["open"]));
    }

    /// <summary>
    /// P1 incidents, due 4 h after opening around the clock, against the window h10–h40: A (checkout) opened h0 and
    /// resolved h1, all before it; B (checkout) resolved h9 before it but due h12 in it; C (checkout) opened h12, resolved
    /// h14; D (checkout) opened h20 and still open; E (search) opened h15, resolved h30 after its due time h19; F (checkout)
    /// opened h41, after it. A service's measures read only the incidents on that service.
    /// </summary>
    public static async Task The_incident_measures_read_the_window_and_the_scope_only(TestStore store)
    {
        var world = await DeliveryWorld.CreateAsync(store, "checkout", "search");
        Task<string> OpenAsync(string service, double at) => world.IncidentAsync(service, at, "high", "high", 0.25);
        await world.TransitionAsync(await OpenAsync("checkout", 0), "resolve", 1);
        await world.TransitionAsync(await OpenAsync("checkout", 8), "resolve", 9);
        await world.TransitionAsync(await OpenAsync("checkout", 12), "resolve", 14);
        var onSearch = await OpenAsync("search", 15);
        await OpenAsync("checkout", 20);
        await world.TransitionAsync(onSearch, "resolve", 30);
        await OpenAsync("checkout", 41);

        var organisation = await world.ReportAsync(10, 40);
        // Due in the window: B and C met their target, D (open) and E (resolved 11 h late) missed it.
        Assert.Equal(new Dictionary<string, long> { ["due"] = 4, ["met"] = 2, ["missed"] = 2 }, organisation[Metrics.SlaAttainment].Inputs);
        // Resolved in the window: C after 2 h and E after 15 h; acknowledged in it: C, E, D (B was acknowledged at h8.25).
        Assert.Equal((8.5, 2L), (organisation[Metrics.Mttr].Value!.Value, organisation[Metrics.Mttr].Inputs["incidents"]));
        Assert.Equal(3L, organisation[Metrics.Mtta].Inputs["incidents"]);
        Assert.Equal((20.0, 1L), (organisation[Metrics.BacklogAge].Value!.Value, organisation[Metrics.BacklogAge].Inputs["open"]));

        var checkout = await world.ReportAsync(10, 40, service: "checkout");
        Assert.Equal(new Dictionary<string, long> { ["due"] = 3, ["met"] = 2, ["missed"] = 1 }, checkout[Metrics.SlaAttainment].Inputs);
        Assert.Equal((2.0, 1L), (checkout[Metrics.Mttr].Value!.Value, checkout[Metrics.Mttr].Inputs["incidents"]));
        Assert.Equal(2L, checkout[Metrics.Mtta].Inputs["incidents"]);
        var search = await world.ReportAsync(10, 40, service: "search");
        Assert.Equal(new Dictionary<string, long> { ["due"] = 1, ["met"] = 0, ["missed"] = 1 }, search[Metrics.SlaAttainment].Inputs);
        Assert.Equal(0L, search[Metrics.BacklogAge].Inputs["open"]);
    }

    public static async Task Staging_counts_only_when_asked_for(TestStore store)
    {
        var world = await CheckoutAsync(store);
        var staging = await world.ReportAsync(WindowFrom, WindowTo, environment: "staging");
        Assert.Equal(1, staging[Metrics.DeploymentFrequency].Inputs["deployments"]);
        Assert.Null(staging[Metrics.LeadTime].Value);
        var production = await world.ReportAsync(WindowFrom, WindowTo, environment: "production");
        Assert.Equal(7, production[Metrics.DeploymentFrequency].Inputs["deployments"]);
    }

    public static async Task Every_figure_drills_down_to_its_records(TestStore store)
    {
        var world = await CheckoutAsync(store);
        await world.ProjectAsync();
        var report = await world.ReportAsync(WindowFrom, WindowTo);

        var deployments = await world.RecordsAsync(Metrics.ChangeFailRate, WindowFrom, WindowTo);
        Assert.Equal(report[Metrics.ChangeFailRate].Inputs["deployments"], deployments.Rows.Count);
        var failed = deployments.Rows.Where(r => (bool)Cell(deployments, r, "failed")!).ToList();
        Assert.Equal(2, failed.Count);
        Assert.Contains(failed, r => (string?)Cell(deployments, r, "caused_incidents") == "INC-1 INC-2");

        var changes = await world.RecordsAsync(Metrics.LeadTime, WindowFrom, WindowTo);
        var leads = changes.Rows.Select(r => $"{Cell(changes, r, "reference")}={Cell(changes, r, "lead_hours")}").Order().ToList();
        Assert.Equal(["1=8", "2=5", "d3=2.5", "d4=2"], leads);

        var recoveries = await world.RecordsAsync(Metrics.RecoveryTime, WindowFrom, WindowTo);
        Assert.Equal([1.5, 2.0], recoveries.Rows.Select(r => (double)Cell(recoveries, r, "recovery_hours")!).Order());

        var restored = await world.RecordsAsync(Metrics.Mtrs, WindowFrom, WindowTo);
        Assert.Equal(["INC-1", "INC-2"], restored.Rows.Select(r => (string)r[0]!).Order());
    }

    /// <summary>
    /// h1 D1; h5 D2 carries out the change a problem names as its fix (rework); h9 D3 carries out an emergency change that
    /// another problem names as its fix, which counts once, as emergency. Rework is 2 of 3, each by its reason, and the
    /// drill-down (newest first) names them. From h6 only D3 is in the window.
    /// </summary>
    public static async Task A_deployment_that_carries_a_problems_fix_is_rework(TestStore store)
    {
        var world = await CreateAsync(store, "ledger");
        await world.DeployAsync("ledger", "gh-1", "l1", world.At(1));
        var fix = await world.DeployAsync("ledger", "gh-2", "l2", world.At(5));
        await world.ProblemFixAsync("ledger", fix);
        var hotfix = await world.DeployAsync("ledger", "gh-3", "l3", world.At(9));
        await world.ProblemFixAsync("ledger", hotfix, ChangeType.Emergency);

        var rework = (await world.ReportAsync(0, 12))[Metrics.ReworkRate];
        Assert.Equal(2.0 / 3, rework.Value!.Value, 9);
        Assert.Equal((2L, 0L, 0L, 1L, 1L), (rework.Inputs["rework"], rework.Inputs["rollbacks"], rework.Inputs["remediations"], rework.Inputs["emergency"], rework.Inputs["problem-fixes"]));
        var records = await world.RecordsAsync(Metrics.ReworkRate, 0, 12);
        Assert.Equal(["emergency", "problem-fix", null], records.Rows.Select(r => (string?)Cell(records, r, "rework")));

        var later = (await world.ReportAsync(6, 12))[Metrics.ReworkRate];
        Assert.Equal((1L, 1L, 0L), (later.Inputs["rework"], later.Inputs["emergency"], later.Inputs["problem-fixes"]));
    }

    /// <summary>
    /// GitLab sends local times with their offsets. The branch commit is authored at 17:30 +05:30 (12:00 UTC), the merge
    /// request opens at 15:00 +02:00 (13:00 UTC) and merges at 16:30 +02:00 (14:30 UTC), and the deployment succeeds at
    /// 12:00 −05:00 (17:00 UTC): a 5 h lead time, which reading the local clocks as UTC would make negative.
    /// </summary>
    public static async Task Time_zone_offsets_are_kept(TestStore store)
    {
        var world = await CreateAsync(store, "billing");
        var india = TimeSpan.FromHours(5.5);
        var berlin = TimeSpan.FromHours(2);
        var newYork = TimeSpan.FromHours(-5);
        await world.PushAsync("billing", "main", NoParent, Commit("g0", new DateTimeOffset(2026, 11, 26, 11, 0, 0, berlin)));
        await world.DeployAsync("billing", "gl-1", "g0", new DateTimeOffset(2026, 11, 26, 12, 0, 0, berlin), source: IntegrationKind.Gitlab);
        await world.PushAsync("billing", "feature", NoParent, Commit("g1", new DateTimeOffset(2026, 11, 26, 17, 30, 0, india)));
        await world.PullRequestAsync("billing", 5, PullRequestState.Merged, new DateTimeOffset(2026, 11, 26, 15, 0, 0, berlin),
            new DateTimeOffset(2026, 11, 26, 16, 30, 0, berlin), "g2", "g1");
        await world.PushAsync("billing", "main", "g0", Commit("g1", new DateTimeOffset(2026, 11, 26, 17, 30, 0, india)), Commit("g2", new DateTimeOffset(2026, 11, 26, 16, 30, 0, berlin)));
        await world.DeployAsync("billing", "gl-2", "g2", new DateTimeOffset(2026, 11, 26, 12, 0, 0, newYork), source: IntegrationKind.Gitlab);
        await world.ProjectAsync();

        var lead = (await world.ReportAsync(-12, 24, service: "billing"))[Metrics.LeadTime];
        Assert.Equal(5.0, lead.Value!.Value, 9);
        Assert.Equal((1.0, 1L), Part(lead, "coding"));
        Assert.Equal((1.5, 1L), Part(lead, "review"));
        Assert.Equal((2.5, 1L), Part(lead, "deploy"));
    }

    /// <summary>A pull request reported merged only after the deployment that shipped its merge commit still gets its lead time.</summary>
    public static async Task A_late_merge_event_is_counted_again(TestStore store)
    {
        var world = await CreateAsync(store, "search");
        await world.PushAsync("search", "main", NoParent, Commit("a0", world.At(-10)));
        await world.DeployAsync("search", "s-1", "a0", world.At(1));
        await world.PushAsync("search", "feat", NoParent, Commit("b1", world.At(2)));
        await world.PushAsync("search", "main", "a0", Commit("b1", world.At(2)), Commit("b2", world.At(4)));
        await world.DeployAsync("search", "s-2", "b2", world.At(5));
        await world.ProjectAsync();
        var before = (await world.ReportAsync(-12, 24, service: "search"))[Metrics.LeadTime];
        Assert.Equal(2, before.Inputs["changes"]);

        await world.PullRequestAsync("search", 9, PullRequestState.Merged, world.At(3), world.At(4), "b2", "b1");
        Assert.Equal(1, await world.ProjectAsync());
        // Now one change, PR 9: from b1's authoring at h2 to the deployment at h5.
        var after = (await world.ReportAsync(-12, 24, service: "search"))[Metrics.LeadTime];
        Assert.Equal((3.0, 1L), (after.Value!.Value, after.Inputs["changes"]));
    }

    /// <summary>
    /// An imported history with no pushes: PR 1 (a1, a2) merges as M1, PR 2 branches from M1 (b1) and merges as M2, then d1 is
    /// committed straight to main, and one deployment ships them all. Each pull request counts from its own branch's first
    /// commit: PR 2 from b1, not from a1 through the mainline it started from, and a1 belongs to PR 1 although its head a2
    /// is in the set.
    /// </summary>
    public static async Task Pull_requests_in_an_imported_history_count_their_own_branch(TestStore store)
    {
        var world = await CreateAsync(store, "ledger");
        const string repository = "github.com/shop/ledger";
        await using (var scope = store.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            Commit Imported(string sha, double hours, params string[] parents) =>
                new() { Repository = repository, Sha = sha, AuthoredAt = world.At(hours).UtcDateTime, CommittedAt = world.At(hours).UtcDateTime, Parents = string.Join(' ', parents) };
            db.Commits.AddRange(Imported("m0", -5), Imported("a1", 1, "m0"), Imported("a2", 2, "a1"), Imported("M1", 3, "m0", "a2"),
                Imported("b1", 4, "M1"), Imported("M2", 5, "M1", "b1"), Imported("d1", 6, "M2"));
            PullRequest Merged(long number, double opened, double merged, string mergeSha, string head) => new()
            {
                Repository = repository, Number = number, Title = $"PR {number}", State = PullRequestState.Merged, OpenedAt = world.At(opened).UtcDateTime,
                MergedAt = world.At(merged).UtcDateTime, MergeCommitSha = mergeSha, HeadSha = head, UpdatedAt = world.At(merged).UtcDateTime,
            };
            db.PullRequests.AddRange(Merged(1, 2.5, 3, "M1", "a2"), Merged(2, 4.5, 5, "M2", "b1"));
            await db.SaveChangesAsync();
        }
        var deployment = await world.DeployAsync("ledger", "l-1", "d1", world.At(8));
        await using (var scope = store.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            var deployed = await db.Deployments.SingleAsync(d => d.Id == deployment);
            deployed.ShippedSetBasis = ShippedSetBasis.GitHistory;
            deployed.ChangesProjectedAt = null;
            db.ShippedCommits.AddRange(new[] { "a1", "a2", "M1", "b1", "M2", "d1" }.Select(sha => new ShippedCommit { DeploymentId = deployment, Sha = sha }));
            await db.SaveChangesAsync();
        }
        await world.ProjectAsync();

        await using (var scope = store.Scope())
        {
            var delivered = await scope.ServiceProvider.GetRequiredService<GuardrailDb>().DeliveredChanges.AsNoTracking()
                .OrderBy(c => c.Reference).Select(c => new { c.Kind, c.Reference, Hours = c.LeadSeconds / 3600.0 }).ToListAsync();
            Assert.Equal(
                [(DeliveredChangeKind.PullRequest, "1", 7.0), (DeliveredChangeKind.PullRequest, "2", 4.0), (DeliveredChangeKind.Commit, "d1", 2.0)],
                delivered.Select(c => (c.Kind, c.Reference, c.Hours!.Value)).OrderBy(c => c.Kind).ThenBy(c => c.Reference));
        }
    }

    /// <summary>
    /// In the shop's CMDB checkout depends on payments, which depends on ledger; search stands apart. Each is deployed an hour
    /// before an incident opens on checkout: checkout's own deployment and those of what it relies on are suspected, search's
    /// is not, and none is counted as failed until someone confirms it.
    /// </summary>
    public static async Task An_incident_makes_suspects_of_what_its_service_relies_on(TestStore store)
    {
        var shop = await Incidents.SuspectWorld.CreateAsync(store);
        foreach (var service in new[] { "checkout", "payments", "ledger", "search" })
            await shop.DeployAsync(service, TimeSpan.FromHours(1));
        await using (var scope = store.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<IncidentRecords>()
                .CreateAsync(new IncidentRequest("Checkout errors", "high", "high", Services: ["checkout"]), new Guardrail.Core.Common.Actor("user:responder"), "responder", default);
            Assert.True(created.Succeeded, created.Error?.Message);
        }
        await using (var scope = store.Scope())
        {
            var request = new MetricsRequest(From: shop.Start.AddHours(-2), To: shop.Start.AddHours(1));
            var failRate = (await scope.ServiceProvider.GetRequiredService<MetricsEngine>().ReportAsync(request, default)).Value![Metrics.ChangeFailRate];
            Assert.Equal((4L, 0L, 3L), (failRate.Inputs["deployments"], failRate.Inputs["failed"], failRate.Inputs["suspected"]));
            var table = (await scope.ServiceProvider.GetRequiredService<MetricRecords>().ListAsync(Metrics.ChangeFailRate, request, default)).Value!;
            Assert.Equal(["checkout", "ledger", "payments"], table.Rows.Where(r => Cell(table, r, "suspected_incident") is not null).Select(r => (string)r[1]!).Order());

            // A service's own report counts the suspect the incident on checkout, outside its scope, makes of it.
            foreach (var (service, suspected) in new[] { ("ledger", 1L), ("search", 0L) })
            {
                var own = (await scope.ServiceProvider.GetRequiredService<MetricsEngine>().ReportAsync(request with { Service = service }, default)).Value![Metrics.ChangeFailRate];
                Assert.Equal((1L, suspected), (own.Inputs["deployments"], own.Inputs["suspected"]));
            }
        }
    }

    private static object? Cell(MetricTable table, object?[] row, string column) => row[table.Columns.ToList().IndexOf(column)];

    private static (double, long) Part(MetricFigure figure, string name) =>
        figure.Parts.Single(p => p.Name == name) is var part ? (Math.Round(part.Value!.Value, 9), part.Count) : default;
}
