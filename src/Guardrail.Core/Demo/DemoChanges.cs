using System.Security.Cryptography;
using System.Text.Json;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Audit;
using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Demo;

/// <summary>
/// The demo bank's changes: one per production release of the demo toolchain, linked to its deployment, scored by a demo
/// policy and decided by its approvers (quickly in payments, slowly in identity), closed when the deployment went out,
/// stopped rollouts reviewed, and an emergency change for every hotfix that fixed a failed release forward; and
/// today's work: changes waiting for approval, one scheduled next week that conflicts with another, one the policy
/// rejected, and a promotion proposal for the team whose changes keep succeeding.
/// </summary>
public sealed class DemoChanges(
    GuardrailDb db, AuditTrail audit, ChangePolicies policies, UserAccounts users, ServiceCatalogIndex catalog, BlastRadius blastRadius, TimeProvider clock)
{
    private static readonly Actor s_demo = new("system:demo");

    /// <summary>Approvers and change managers of the demo bank, by team; they exist to vote and cannot sign in.</summary>
    private static readonly (string UserName, string Name, string Role, string Team)[] s_people =
    [
        ("amara", "Amara Okafor", "approver", "payments"),
        ("jonas", "Jonas Weber", "change-manager", "platform"),
        ("priya", "Priya Raman", "approver", "identity"),
        ("sam", "Sam Carter", "approver", "storefront"),
        ("lena", "Lena Berg", "approver", "data"),
    ];

    /// <summary>How long each team's approvers take to vote, in hours.</summary>
    private static readonly Dictionary<string, double> s_voteHours = new()
    {
        ["payments"] = 0.3, ["platform"] = 1, ["storefront"] = 2, ["identity"] = 20, ["data"] = 6,
    };

    public static string DemoPolicy(DateTime today) => $$"""
        apiVersion: guardrail/v1
        kind: ChangePolicy
        metadata:
          name: demo-bank
          description: The demo bank's policy; tier-3 and tier-4 services deploy as standard changes.
        spec:
          standardModels:
            - name: non-production-deployment
              match: { environmentTiers: [test, development], models: [deployment] }
            - name: low-criticality-deployment
              description: Notification, reporting and tooling services with passing tests.
              match: { services: [notification-service, reporting-etl, feature-flags, ci-runners, document-store], models: [deployment], evidence: { tests: passed } }
          approval:
            routes:
              - { route: automatic, maxScore: 35 }
              - { route: service-owner, maxScore: 60, quorum: 1 }
              - { route: cab, quorum: 2 }
            emergency: { route: cab, quorum: 1 }
            expiry: 72h
          windows:
            - name: year-end-freeze
              kind: freeze
              timeZone: Europe/London
              start: {{today.Year}}-12-21T00:00
              end: {{today.Year + 1}}-01-04T00:00
              appliesTo: { environmentTiers: [production] }
            - name: saturday-maintenance
              kind: maintenance
              timeZone: Europe/London
              schedule: "0 6 * * SAT"
              duration: 4h
              appliesTo: { environmentTiers: [production] }
          promotion:
            successes: 10
            withinDays: 90
        """;

    public async Task SeedAsync(IReadOnlyList<DemoRelease> releases, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow();
        var applied = await policies.ApplyAsync(DemoPolicy(now), s_demo, cancellationToken);
        if (!applied.Succeeded)
            throw new InvalidOperationException("The demo policy is invalid: " + applied.Error.Message);
        var policyVersion = applied.Value.Version.Id;
        var policy = ChangePolicyDocument.Parse(applied.Value.Version.Document).Policy!;
        foreach (var (userName, name, role, team) in s_people)
        {
            var created = await users.CreateAsync(new CreateUserRequest(userName, name, role, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)),
                Team: team, Email: $"{userName}@demo-bank.example", SlackUserId: $"UDEMO{userName.ToUpperInvariant()}"), s_demo, cancellationToken);
            if (!created.Succeeded)
                throw new InvalidOperationException("Demo user: " + created.Error.Message);
        }
        var production = catalog.FindEnvironment(new RecordReference(null, "production"))!;
        var random = new Random(5);
        var history = new Dictionary<string, List<(DateTime At, bool Failed)>>();
        var demo = new Builder(policy, policyVersion, production, random);
        foreach (var release in releases.OrderBy(r => r.DeployedAt))
        {
            var service = catalog.Find(new RecordReference(null, release.Service))!;
            var team = service.OwnerTeam!.Key;
            var past = history.TryGetValue(service.Key, out var list) ? list : history[service.Key] = [];
            var failed = release.Outcome != DemoOutcome.Deployed;
            if (release.Hotfix)
            {
                db.Changes.Add(demo.EmergencyFix(service, release, releases.Single(r => r.FixedBy == release), team, now));
                past.Add((release.DeployedAt, false));
                continue;
            }
            var recent = past.Where(p => p.At >= release.DeployedAt.AddDays(-30)).ToList();
            var radius = await blastRadius.MeasureAsync(service.Id, [], cancellationToken);
            // Asked for early enough that the team's approvers usually decide before the release goes out.
            var requestedAt = release.DeployedAt.AddHours(-Math.Max(0.6, 3 * s_voteHours[team]));
            var plannedAt = release.DeployedAt.AddMinutes(-35);
            var evidence = new Dictionary<string, string> { ["tests"] = "passed", ["scan"] = random.NextDouble() < 0.85 ? "passed" : "skipped" };
            var inputs = new RiskInputs(service.Key, production.Key, production.Tier, service.Criticality, ChangeType.Normal, ChangeRecord.DeploymentModel,
                radius.DownstreamCis, radius.BusinessServices, release.Commits, null, null, recent.Count, recent.Count(r => r.Failed), evidence,
                plannedAt, plannedAt, null);
            var change = demo.Decided(service, inputs, release, team, requestedAt);
            demo.Implement(change, release, closeReview: release.DeployedAt < now.AddDays(-7));
            db.Changes.Add(change);
            past.Add((release.DeployedAt, failed));
        }

        foreach (var pending in demo.Today(catalog, now))
            db.Changes.Add(pending);
        await audit.SaveAsync(db, s_demo, cancellationToken);

        var payments = catalog.Find(new RecordReference(null, "payments-api"))!;
        var lastPayments = await db.Changes.Where(c => c.ServiceId == payments.Id && c.Outcome == ChangeOutcome.Implemented)
            .OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync(cancellationToken);
        db.ModelProposals.Add(new ModelProposal
        {
            Kind = ProposalKind.Promote,
            Status = ProposalStatus.Open,
            ServiceId = payments.Id,
            EnvironmentId = production.Id,
            Model = ChangeRecord.DeploymentModel,
            Evidence = $"{policy.Promotion.Successes} successful normal changes in a row within {policy.Promotion.WithinDays} days.",
            TriggeringChangeId = lastPayments,
            CreatedAt = now.AddHours(-3),
        });
        await audit.SaveAsync(db, s_demo, cancellationToken);
    }

    /// <summary>Makes the demo change records, with the votes, events and outcomes a real run would have left.</summary>
    private sealed class Builder(ChangePolicy policy, long policyVersion, DeploymentEnvironment production, Random random)
    {
        public ChangeRecord Decided(Service service, RiskInputs inputs, DemoRelease release, string team, DateTime at)
        {
            var decision = PolicyEvaluator.Evaluate(policy, inputs);
            var change = New(service, $"Deploy {service.Key} {release.Sha[..7]} to production", decision.Type, at);
            change.PlannedStart = change.PlannedEnd = inputs.PlannedStartUtc;
            change.Repository = release.Repository;
            change.CommitSha = release.Sha;
            change.PipelineRunUrl = release.RunUrl;
            change.PipelineRunKey = $"{service.Key}|production|{release.RunUrl}";
            change.Evidence = JsonSerializer.Serialize(inputs.Evidence);
            change.Commits.Add(new ChangeCommit { Sha = release.Sha });
            change.PullRequests.AddRange(release.PullRequests.Select(number => new ChangePullRequest { Repository = release.Repository, Number = number }));
            Assess(change, decision, inputs, at);
            if (decision.Outcome == DecisionOutcome.AwaitApproval)
                Vote(change, team, at, s_voteHours[team]);
            return change;
        }

        /// <summary>
        /// The deployment carries the change out: a healthy rollout closes it as implemented (a failure found later is
        /// recorded on it when the incident's cause is confirmed); a rollout its health checks stopped fails it and opens its
        /// post-implementation review, closed two days on.
        /// </summary>
        public void Implement(ChangeRecord change, DemoRelease release, bool closeReview)
        {
            var deployedAt = release.DeployedAt;
            var failed = release.Outcome == DemoOutcome.AttemptFailed;
            change.DeploymentId = release.DeploymentId;
            Move(change, ChangeState.Implementation, deployedAt.AddMinutes(-2));
            change.Record(deployedAt.AddMinutes(-2), new Actor("system:deployments"), "state-changed", $"scheduled → implementation: deployment {release.ProviderDeploymentId} started.");
            change.Outcome = failed ? ChangeOutcome.Failed : ChangeOutcome.Implemented;
            Move(change, failed ? ChangeState.Review : ChangeState.Closed, deployedAt);
            change.Record(deployedAt, new Actor("system:deployments"), "outcome", $"Outcome: {(failed ? "failed" : "implemented")} (deployment {release.ProviderDeploymentId}).");
            if (!failed)
                return;
            change.ReviewNotes = "# Post-implementation review of the deployment\n\nOutcome: failed\n\n## What happened\nThe rollout failed its health checks and was stopped.\n";
            if (closeReview)
            {
                change.ReviewNotes += "\n## What we will change\nAdd the missing readiness check to the pipeline (owner: the service team).\n";
                Move(change, ChangeState.Closed, deployedAt.AddDays(2));
                change.Record(deployedAt.AddDays(2), new Actor("user:jonas"), "reviewed", "Review completed; change closed.");
            }
        }

        /// <summary>The emergency change a hotfix release went out under, approved in minutes and reviewed the next day.</summary>
        public ChangeRecord EmergencyFix(Service service, DemoRelease hotfix, DemoRelease failed, string team, DateTime now)
        {
            var at = hotfix.DeployedAt - (hotfix.DeployedAt - failed.DeployedAt) * 0.4;
            var change = New(service, $"Emergency fix for {service.Key} after the failed {failed.Sha[..7]} release", ChangeType.Emergency, at);
            change.Justification = "Customers are affected; the failed release must be fixed forward.";
            change.Repository = hotfix.Repository;
            change.CommitSha = hotfix.Sha;
            change.PipelineRunUrl = hotfix.RunUrl;
            change.PipelineRunKey = $"{service.Key}|production|{hotfix.RunUrl}";
            change.Commits.Add(new ChangeCommit { Sha = hotfix.Sha });
            change.PullRequests.AddRange(hotfix.PullRequests.Select(number => new ChangePullRequest { Repository = hotfix.Repository, Number = number }));
            var inputs = new RiskInputs(service.Key, production.Key, production.Tier, service.Criticality, ChangeType.Emergency, ChangeRecord.DeploymentModel,
                0, 0, hotfix.Commits, null, null, 0, 0, new Dictionary<string, string> { ["tests"] = "passed" }, at, at, change.Justification);
            var decision = PolicyEvaluator.Evaluate(policy, inputs);
            Assess(change, decision, inputs, at);
            if (decision.Outcome == DecisionOutcome.AwaitApproval)
                Vote(change, team, at, (hotfix.DeployedAt - at).TotalHours / 3);
            change.DeploymentId = hotfix.DeploymentId;
            Move(change, ChangeState.Implementation, hotfix.DeployedAt.AddMinutes(-2));
            change.Record(hotfix.DeployedAt.AddMinutes(-2), new Actor("system:deployments"), "state-changed", $"scheduled → implementation: deployment {hotfix.ProviderDeploymentId} started.");
            change.Outcome = ChangeOutcome.Implemented;
            Move(change, ChangeState.Review, hotfix.DeployedAt);
            change.Record(hotfix.DeployedAt, new Actor("system:deployments"), "outcome", $"Outcome: implemented (deployment {hotfix.ProviderDeploymentId}); an emergency change is reviewed after the fact.");
            var reviewedAt = hotfix.DeployedAt.AddDays(1);
            if (reviewedAt < now)
            {
                Move(change, ChangeState.Closed, reviewedAt);
                change.Record(reviewedAt, new Actor("user:jonas"), "reviewed", "Emergency change reviewed after the fact; closed.");
            }
            return change;
        }

        private static void Move(ChangeRecord change, ChangeState to, DateTime at)
        {
            var moved = change.MoveTo(to, at);
            if (!moved.Succeeded)
                throw new InvalidOperationException($"Demo data is inconsistent: {moved.Error.Message}");
        }

        /// <summary>Today's open work: three waiting for approval, one scheduled next week with a conflict, one rejected by the policy.</summary>
        public IEnumerable<ChangeRecord> Today(ServiceCatalogIndex catalog, DateTime now)
        {
            var waiting = new (string Service, string Title, double HoursAgo, Dictionary<string, string> Evidence, int Commits)[]
            {
                ("kyc-service", "Upgrade the KYC provider SDK", 5, new() { ["tests"] = "passed" }, 14),
                ("web-frontend", "New account overview page", 1.5, new() { ["tests"] = "passed", ["scan"] = "passed" }, 6),
                ("ledger-service", "Ledger schema migration: add settlement batch index", 0.5, new() { ["tests"] = "passed" }, 3),
            };
            foreach (var (key, title, hoursAgo, evidence, commits) in waiting)
            {
                var service = catalog.Find(new RecordReference(null, key))!;
                var at = now.AddHours(-hoursAgo);
                var inputs = Inputs(service, evidence, commits, at, at, ChangeType.Normal, null, recentFailures: key == "kyc-service" ? 3 : 0);
                var decision = PolicyEvaluator.Evaluate(policy, inputs);
                var change = New(service, title, decision.Type, at);
                change.Evidence = JsonSerializer.Serialize(evidence);
                Assess(change, decision, inputs, at);
                yield return change;
            }

            var nextWeek = now.Date.AddDays(7 + ((int)DayOfWeek.Tuesday - (int)now.DayOfWeek + 7) % 7).AddHours(20);
            foreach (var (key, title) in new[] { ("payments-api", "Rotate the card network certificates"), ("ledger-service", "Move the ledger database to the new cluster") })
            {
                var service = catalog.Find(new RecordReference(null, key))!;
                var inputs = Inputs(service, new() { ["tests"] = "passed", ["scan"] = "passed" }, 2, nextWeek, nextWeek.AddHours(2), ChangeType.Normal, null, 0);
                var decision = PolicyEvaluator.Evaluate(policy, inputs);
                var change = New(service, title, decision.Type, now.AddDays(-1));
                change.PlannedStart = nextWeek;
                change.PlannedEnd = nextWeek.AddHours(2);
                change.Implementer = "jonas";
                Assess(change, decision, inputs, now.AddDays(-1));
                if (decision.Outcome == DecisionOutcome.AwaitApproval)
                    Vote(change, service.OwnerTeam!.Key, now.AddDays(-1), s_voteHours[service.OwnerTeam!.Key]);
                yield return change;
            }

            var fraud = catalog.Find(new RecordReference(null, "fraud-scoring"))!;
            var failedScan = new Dictionary<string, string> { ["tests"] = "passed", ["scan"] = "failed" };
            var rejectedInputs = Inputs(fraud, failedScan, 4, now.AddHours(-2), now.AddHours(-2), ChangeType.Normal, null, 0);
            var rejected = New(fraud, "Fraud model v42", ChangeType.Normal, now.AddHours(-2));
            rejected.Evidence = JsonSerializer.Serialize(failedScan);
            Assess(rejected, PolicyEvaluator.Evaluate(policy, rejectedInputs), rejectedInputs, now.AddHours(-2));
            yield return rejected;
        }

        private RiskInputs Inputs(Service service, Dictionary<string, string> evidence, int commits, DateTime start, DateTime end, ChangeType type, string? justification, int recentFailures) =>
            new(service.Key, production.Key, production.Tier, service.Criticality, type, ChangeRecord.DeploymentModel, 6, 1, commits, null, null,
                8, recentFailures, evidence, start, end, justification);

        private ChangeRecord New(Service service, string title, ChangeType type, DateTime at)
        {
            var change = new ChangeRecord
            {
                Title = title,
                Model = ChangeRecord.DeploymentModel,
                Type = type,
                State = ChangeState.Requested,
                ServiceId = service.Id,
                EnvironmentId = production.Id,
                Requester = "demo-engineer",
                PlannedStart = at,
                PlannedEnd = at,
                CreatedAt = at,
                UpdatedAt = at,
            };
            change.Record(at, new Actor("token:demo-pipeline"), "requested", "Requested by demo-engineer through the pipeline gate.");
            return change;
        }

        private void Assess(ChangeRecord change, PolicyDecision decision, RiskInputs inputs, DateTime at)
        {
            ChangeAssessment.Keep(change, decision, inputs, policyVersion);
            change.Record(at, s_demo, "assessed", $"Risk {decision.Score}: {string.Join(" ", decision.Reasons)}");
            switch (decision.Outcome)
            {
                case DecisionOutcome.Approve:
                    change.State = ChangeState.Scheduled;
                    change.DecidedAt = at;
                    change.Record(at, Actor.System, "approved", "Approved automatically.");
                    break;
                case DecisionOutcome.AwaitApproval:
                    change.State = ChangeState.Authorisation;
                    change.ApprovalExpiresAt = at + policy.Approval.Expiry;
                    change.Record(at, Actor.System, "awaiting-approval", $"Waiting for {decision.Quorum} approval(s).");
                    break;
                default:
                    change.State = ChangeState.Rejected;
                    change.DecidedAt = at;
                    change.Record(at, Actor.System, "rejected", "Rejected by the policy: " + string.Join(" ", decision.Reasons));
                    break;
            }
        }

        /// <summary>
        /// The quorum's votes, each taken about <paramref name="hours"/> after the last: the owning team's approver first, then
        /// the change manager, then another team's approver when the owning team is the change manager's own.
        /// </summary>
        private void Vote(ChangeRecord change, string team, DateTime requestedAt, double hours)
        {
            var voters = s_people.Where(p => p.Team == team)
                .Concat(s_people.Where(p => p.Role == "change-manager"))
                .Concat(s_people.Where(p => p.Team != team))
                .Select(p => p.UserName).Distinct().Take(change.Quorum).ToList();
            var at = requestedAt;
            foreach (var voter in voters)
            {
                at = at.AddHours(hours * (0.3 + random.NextDouble()));
                change.Approvals.Add(new ChangeApproval { Approver = voter, Vote = Changes.Vote.Approve, Channel = random.NextDouble() < 0.6 ? ApprovalChannel.Slack : ApprovalChannel.Web, At = at });
                change.Record(at, Actor.User(voter), "vote", $"Approved by {voter}.");
            }
            if (voters.Count >= change.Quorum)
            {
                change.State = ChangeState.Scheduled;
                change.DecidedAt = at;
                change.Record(at, Actor.System, "approved", $"Quorum reached ({voters.Count} of {change.Quorum}): approved.");
            }
        }
    }
}
