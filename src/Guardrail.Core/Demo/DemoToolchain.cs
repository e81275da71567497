using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Inbox;
using Guardrail.Core.Integrations.Signatures;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Demo;

/// <summary>How a production release of the demo toolchain went.</summary>
public enum DemoOutcome
{
    /// <summary>Deployed and healthy.</summary>
    Deployed,

    /// <summary>The rollout failed its health checks and stopped: an attempt, not a deployment.</summary>
    AttemptFailed,

    /// <summary>Deployed, then caused an incident that the responders fixed without deploying again.</summary>
    CausedIncident,

    /// <summary>Deployed, caused an incident, and was rolled back by the CD tool.</summary>
    RolledBack,

    /// <summary>Deployed, caused an incident, and was fixed forward by an emergency hotfix release.</summary>
    FixedForward,
}

/// <summary>A rollback the demo's CD tool announced as a CDEvents <c>service.rolledback</c>.</summary>
public sealed class DemoRollback(string providerDeploymentId, DateTime at)
{
    public string ProviderDeploymentId { get; } = providerDeploymentId;

    public DateTime At { get; } = at;

    /// <summary>The deployment the inbox recorded for it.</summary>
    public long? DeploymentId { get; set; }
}

/// <summary>A production release the demo toolchain made, for the demo changes and incidents that go with it.</summary>
public sealed class DemoRelease
{
    public required string Service { get; init; }

    public required string Repository { get; init; }

    public required IReadOnlyList<int> PullRequests { get; init; }

    public required string Sha { get; init; }

    public required DateTime DeployedAt { get; init; }

    public required string ProviderDeploymentId { get; init; }

    public required string RunUrl { get; init; }

    public required int Commits { get; init; }

    /// <summary>An emergency fix of an earlier release, made under an emergency change.</summary>
    public bool Hotfix { get; init; }

    public DemoOutcome Outcome { get; set; }

    /// <summary>When the incident a failed release caused began.</summary>
    public DateTime? IncidentAt { get; set; }

    /// <summary>When the service was restored after it; null while the incident is still open.</summary>
    public DateTime? RestoredAt { get; set; }

    public DemoRelease? FixedBy { get; set; }

    public DemoRollback? RolledBackBy { get; set; }

    /// <summary>Whether the responders recorded the hotfix as remediating this release on the incident's cause.</summary>
    public bool RemediationRecorded { get; set; }

    /// <summary>The deployment the inbox recorded for it (a failed attempt's too).</summary>
    public long? DeploymentId { get; set; }

    public bool Failed => Outcome is DemoOutcome.CausedIncident or DemoOutcome.RolledBack or DemoOutcome.FixedForward;
}

/// <summary>
/// Ninety days of the demo bank's delivery history as its GitHub organisation and its CD tool would have sent it:
/// feature-branch pushes, merged pull requests, workflow runs, deployments to staging and production with their statuses,
/// and rollbacks as CDEvents. They are stored as signed deliveries of a "demo" GitHub integration and a "demo" CDEvents
/// integration, and turned into records by the same processor as real ones, before the changes and incidents that name
/// those deployments are made. The teams differ on purpose, and always the same way (fixed seeds, failures spread
/// evenly rather than drawn): payments deploys on demand, ships within hours and rolls back in minutes; identity ships a
/// release train every third week, with changes weeks old, a third of its releases failing and a day or more to recover;
/// storefront moves from the second to the first over the 90 days.
/// </summary>
public sealed class DemoToolchain(GuardrailDb db, IntegrationRegistry integrations, DeliveryProcessor processor, TimeProvider clock)
{
    public const int Days = 90;

    public const string ElitePractice = "payments";

    public const string StrugglingPractice = "identity";

    public const string ImprovingPractice = "storefront";

    private static readonly Actor s_demo = new("system:demo");

    private const string CdSource = "/argocd/demo-bank";

    /// <summary>How each team delivers, as a function of how far through the 90 days a release is (0 at the start, 1 today).</summary>
    private static readonly Dictionary<string, Practice> s_practices = new()
    {
        [ElitePractice] = new(
            ReleasesPerDay: (_, p) => 2 + 0.5 * p, PullRequests: _ => (1, 1), CodingHours: _ => 4, FailureShare: _ => 0.03,
            RecoveryHours: _ => 0.45, Failures: [DemoOutcome.RolledBack, DemoOutcome.FixedForward, DemoOutcome.RolledBack], AttemptFailureShare: 0.02),
        ["platform"] = new(
            ReleasesPerDay: (_, _) => 1, PullRequests: _ => (1, 1), CodingHours: _ => 16, FailureShare: _ => 0.06,
            RecoveryHours: _ => 3, Failures: [DemoOutcome.CausedIncident, DemoOutcome.RolledBack, DemoOutcome.FixedForward], AttemptFailureShare: 0.03),
        ["data"] = new(
            ReleasesPerDay: (_, _) => 0.25, PullRequests: _ => (1, 2), CodingHours: _ => 40, FailureShare: _ => 0.1,
            RecoveryHours: _ => 8, Failures: [DemoOutcome.CausedIncident, DemoOutcome.FixedForward], AttemptFailureShare: 0.03),
        [ImprovingPractice] = new(
            ReleasesPerDay: (_, p) => Improving(0.25, 1.3, p), PullRequests: p => p < 0.5 ? (2, 3) : (1, 1), CodingHours: p => Improving(230, 7, p),
            FailureShare: p => Improving(0.35, 0.03, p), RecoveryHours: p => Improving(30, 0.6, p),
            Failures: [DemoOutcome.RolledBack, DemoOutcome.CausedIncident, DemoOutcome.FixedForward], AttemptFailureShare: 0.03),
        [StrugglingPractice] = new(
            ReleasesPerDay: (date, _) => IsReleaseTrainDay(date) ? 0.9 : 0, PullRequests: _ => (3, 6), CodingHours: _ => 150, FailureShare: _ => 0.4,
            RecoveryHours: _ => 40, Failures: [DemoOutcome.RolledBack, DemoOutcome.FixedForward, DemoOutcome.CausedIncident], AttemptFailureShare: 0),
    };

    /// <summary>
    /// Stores 90 days of signed deliveries and has the inbox process them; returns the production releases among them,
    /// with the deployments recorded for them.
    /// </summary>
    public async Task<IReadOnlyList<DemoRelease>> SeedAsync(CancellationToken cancellationToken)
    {
        var github = await CreateIntegrationAsync("github", "The demo bank's GitHub organisation.", cancellationToken);
        var cd = await CreateIntegrationAsync("cdevents", "The demo bank's Argo CD, which announces rollbacks as CDEvents.", cancellationToken);
        var history = new History(clock.UtcNow(), new Random(20261126));
        foreach (var team in DemoCmdb.ServicesWithTeams().GroupBy(s => s.Team))
            history.Deliver(team.Key, [.. team.Select(s => s.Service)], s_practices[team.Key]);

        foreach (var delivery in history.Deliveries.OrderBy(d => d.At))
            db.InboundDeliveries.Add(delivery.FromCd ? Signed(cd, IntegrationKind.Cdevents, delivery) : Signed(github, IntegrationKind.Github, delivery));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        while (await processor.ProcessBatchAsync(500, cancellationToken) > 0)
        {
        }
        await FindDeploymentsAsync(history.Releases, cancellationToken);
        return history.Releases;
    }

    private async Task<IntegrationWithSecret> CreateIntegrationAsync(string kind, string description, CancellationToken cancellationToken)
    {
        var created = await integrations.CreateAsync(new CreateIntegrationRequest(kind, "demo", description, null), s_demo, cancellationToken);
        return created.Value ?? throw new InvalidOperationException($"Demo data is inconsistent: {created.Error?.Message}");
    }

    private async Task FindDeploymentsAsync(List<DemoRelease> releases, CancellationToken cancellationToken)
    {
        var recorded = await db.Deployments.AsNoTracking().Where(d => d.Source == IntegrationKind.Github || d.Source == IntegrationKind.Cdevents)
            .Select(d => new { d.Source, d.ProviderDeploymentId, d.Id }).ToListAsync(cancellationToken);
        var ids = recorded.ToDictionary(d => (d.Source, d.ProviderDeploymentId), d => d.Id);
        foreach (var release in releases)
        {
            release.DeploymentId = ids[(IntegrationKind.Github, release.ProviderDeploymentId)];
            if (release.RolledBackBy is { } rollback)
                rollback.DeploymentId = ids[(IntegrationKind.Cdevents, rollback.ProviderDeploymentId)];
        }
    }

    private static InboundDelivery Signed(IntegrationWithSecret integration, IntegrationKind source, Delivery delivery)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload.ToJsonString());
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(integration.Secret), body));
        string deliveryId;
        Dictionary<string, string> headers;
        if (source == IntegrationKind.Cdevents)
        {
            var id = delivery.Payload["context"]!["id"]!.GetValue<string>();
            deliveryId = $"{CdSource}#{id}";
            headers = new Dictionary<string, string>
            {
                ["content-type"] = "application/json",
                ["ce-specversion"] = "1.0",
                ["ce-id"] = id,
                ["ce-source"] = CdSource,
                ["ce-type"] = delivery.EventType,
                [HmacSha256Signature.GuardrailHeaderName] = signature,
            };
        }
        else
        {
            deliveryId = Guid.NewGuid().ToString();
            headers = new Dictionary<string, string>
            {
                ["content-type"] = "application/json",
                ["user-agent"] = "GitHub-Hookshot/demo",
                ["x-github-event"] = delivery.EventType,
                ["x-github-delivery"] = deliveryId,
                ["x-hub-signature-256"] = signature,
            };
        }
        return new InboundDelivery
        {
            IntegrationId = integration.Integration.Id,
            Source = source,
            DeliveryId = deliveryId,
            EventType = delivery.EventType,
            ReceivedAt = Timestamps.Utc(new DateTimeOffset(delivery.At, TimeSpan.Zero)),
            Headers = JsonSerializer.Serialize(headers),
            Body = new InboundDeliveryBody { Bytes = body },
            Status = DeliveryStatus.Pending,
        };
    }

    /// <summary>Falls along an S-curve from <paramref name="from"/> to <paramref name="to"/>, most of the way in the middle weeks.</summary>
    private static double Improving(double from, double to, double progress) => to + (from - to) / (1 + Math.Exp((progress - 0.55) * 12));

    /// <summary>Every third Tuesday, counted from a fixed Monday so the train keeps its rhythm across years.</summary>
    private static bool IsReleaseTrainDay(DateTime date) =>
        date.DayOfWeek == DayOfWeek.Tuesday && DateOnly.FromDateTime(date).DayNumber / 7 % 3 == 0;

    /// <summary>The year-end freeze of the demo policy: no normal change goes to production then.</summary>
    private static bool InYearEndFreeze(DateTime date) => date is { Month: 12, Day: >= 21 } or { Month: 1, Day: < 4 };

    /// <param name="ReleasesPerDay">Expected production releases of one service on a working day.</param>
    /// <param name="PullRequests">How many merged pull requests a release ships, at least and at most.</param>
    /// <param name="CodingHours">Typical hours from a pull request's first commit to its merge.</param>
    /// <param name="FailureShare">The share of releases that fail in production.</param>
    /// <param name="RecoveryHours">Typical hours from a failed release to the service restored.</param>
    /// <param name="Failures">How failures end, in turn.</param>
    /// <param name="AttemptFailureShare">The share of rollouts stopped by their health checks.</param>
    private sealed record Practice(
        Func<DateTime, double, double> ReleasesPerDay,
        Func<double, (int Min, int Max)> PullRequests,
        Func<double, double> CodingHours,
        Func<double, double> FailureShare,
        Func<double, double> RecoveryHours,
        DemoOutcome[] Failures,
        double AttemptFailureShare);

    private sealed record Delivery(DateTime At, bool FromCd, string EventType, JsonObject Payload);

    /// <summary>Writes the deliveries of each service's history in time order, keeping each repository's branch consistent.</summary>
    private sealed class History(DateTime now, Random random)
    {
        private readonly Dictionary<string, (double Debt, int Count)> _failures = [];
        private long _deploymentId = 4_000_000;
        private long _runId = 9_000_000;
        private int _rollbacks;

        public List<Delivery> Deliveries { get; } = [];

        public List<DemoRelease> Releases { get; } = [];

        /// <summary>A team's releases day by day, its services' interleaved in time, so its failures fall evenly through the days.</summary>
        public void Deliver(string team, IReadOnlyList<string> services, Practice practice)
        {
            var repositories = services.ToDictionary(s => s, s => new Repository($"demo-bank/{s}"));
            var busyUntil = services.ToDictionary(s => s, _ => DateTime.MinValue);
            for (var day = Days; day >= 1; day--)
            {
                var date = now.Date.AddDays(-day);
                if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || InYearEndFreeze(date))
                    continue;
                var progress = (double)(Days - day) / Days;
                var perDay = practice.ReleasesPerDay(date, progress);
                var releases = services
                    .SelectMany(service => Enumerable.Range(0, (int)perDay + (random.NextDouble() < perDay % 1 ? 1 : 0))
                        .Select(_ => (Service: service, At: date.AddHours(9 + random.NextDouble() * 8))))
                    .OrderBy(r => r.At).ToList();
                foreach (var (service, at) in releases)
                {
                    if (at < busyUntil[service])
                        continue;
                    var repository = repositories[service];
                    var (fewest, most) = practice.PullRequests(progress);
                    var release = Release(repository, service, at, random.Next(fewest, most + 1), practice.CodingHours(progress), hotfix: false);
                    busyUntil[service] = Fail(release, repository, team, practice, progress) ?? at.AddMinutes(15);
                }
            }
        }

        /// <summary>Decides whether the release fails and how it ends; returns when its service is working again, if it fails.</summary>
        private DateTime? Fail(DemoRelease release, Repository repository, string team, Practice practice, double progress)
        {
            var (debt, count) = _failures.GetValueOrDefault(team, (0.5, 0));
            debt += practice.FailureShare(progress);
            if (debt < 1)
            {
                _failures[team] = (debt, count);
                if (random.NextDouble() < practice.AttemptFailureShare)
                    release.Outcome = DemoOutcome.AttemptFailed;
                else
                    repository.Production = release.Sha;
                RecordStatus(repository, release);
                return null;
            }
            _failures[team] = (debt - 1, count + 1);
            var recovery = TimeSpan.FromHours(practice.RecoveryHours(progress) * (0.5 + random.NextDouble()));
            var deployedAt = release.DeployedAt;
            var restored = deployedAt + recovery;
            var previous = repository.Production;
            repository.Production = release.Sha;
            RecordStatus(repository, release);
            release.IncidentAt = deployedAt.AddMinutes(2) + recovery * (0.05 + random.NextDouble() * 0.1);
            // A failure whose recovery would still be under way today is an incident still open.
            release.Outcome = restored < now.AddHours(-1) ? practice.Failures[count % practice.Failures.Length] : DemoOutcome.CausedIncident;
            switch (release.Outcome)
            {
                case DemoOutcome.RolledBack:
                    release.RolledBackBy = Rollback(repository, release.Service, previous, restored);
                    release.RestoredAt = restored.AddMinutes(2 + random.Next(7));
                    break;
                case DemoOutcome.FixedForward:
                    var hotfix = Release(repository, release.Service, restored, 1, codingHours: 0, hotfix: true);
                    repository.Production = hotfix.Sha;
                    RecordStatus(repository, hotfix);
                    release.FixedBy = hotfix;
                    release.RemediationRecorded = count % 2 == 0;
                    release.RestoredAt = restored.AddMinutes(2 + random.Next(7));
                    break;
                default:
                    release.RestoredAt = restored < now.AddHours(-1) ? restored : null;
                    break;
            }
            return restored.AddMinutes(30);
        }

        /// <summary>
        /// A release at <paramref name="deployedAt"/> of the pull requests merged for it: checked, deployed to staging, then
        /// to production (whose events <see cref="RecordStatus"/> writes once the outcome is decided).
        /// </summary>
        private DemoRelease Release(Repository repository, string service, DateTime deployedAt, int pullRequests, double codingHours, bool hotfix)
        {
            var merges = MergeTimes(repository, deployedAt, pullRequests, hotfix);
            var numbers = new List<int>();
            var commits = 0;
            foreach (var mergedAt in merges)
            {
                var number = ++repository.PullRequests;
                // A hotfix is written after the release it fixes went out.
                var coding = hotfix ? (mergedAt - repository.LastRelease!.Value).TotalHours * 0.6 : codingHours;
                var change = Change(repository, number, mergedAt, coding, hotfix).ToList();
                Deliveries.AddRange(change.Select(c => new Delivery(c.At, false, c.Event, c.Payload)));
                numbers.Add(number);
                commits += change[^1].Payload["commits"]!.AsArray().Count;
            }
            var checks = TimeSpan.FromMinutes(Math.Min(20, (deployedAt - merges[^1]).TotalMinutes / 2));
            var runId = ++_runId;
            Deliveries.Add(new Delivery(deployedAt - checks, false, "workflow_run", WorkflowRun(repository, runId, deployedAt - checks * 2, deployedAt - checks)));
            var staging = ++_deploymentId;
            Deliveries.Add(new Delivery(deployedAt - checks - TimeSpan.FromMinutes(2), false, "deployment", Deployment(repository, staging, "staging", deployedAt - checks - TimeSpan.FromMinutes(2), null)));
            Deliveries.Add(new Delivery(deployedAt - checks, false, "deployment_status", Deployment(repository, staging, "staging", deployedAt - checks - TimeSpan.FromMinutes(2), ("success", deployedAt - checks))));
            var release = new DemoRelease
            {
                Service = service,
                Repository = repository.FullName,
                PullRequests = numbers,
                Sha = repository.Main,
                DeployedAt = deployedAt,
                ProviderDeploymentId = (++_deploymentId).ToString(CultureInfo.InvariantCulture),
                RunUrl = $"https://github.com/{repository.FullName}/actions/runs/{runId}",
                Commits = commits,
                Hotfix = hotfix,
            };
            Releases.Add(release);
            repository.LastRelease = deployedAt;
            return release;
        }

        /// <summary>The production deployment's events: created, then succeeded, or failed when its health checks stopped it.</summary>
        private void RecordStatus(Repository repository, DemoRelease release)
        {
            var id = long.Parse(release.ProviderDeploymentId, CultureInfo.InvariantCulture);
            var createdAt = release.DeployedAt.AddMinutes(-2);
            var state = release.Outcome == DemoOutcome.AttemptFailed ? "failure" : "success";
            Deliveries.Add(new Delivery(createdAt, false, "deployment", Deployment(repository, id, "production", createdAt, null, release.Sha)));
            Deliveries.Add(new Delivery(release.DeployedAt, false, "deployment_status", Deployment(repository, id, "production", createdAt, (state, release.DeployedAt), release.Sha)));
        }

        /// <summary>
        /// When the release's pull requests merged: one just before it; several spread since the service's last release; a
        /// hotfix half-way through the recovery. Always after the branch's last merge, so the pushes form one history.
        /// </summary>
        private List<DateTime> MergeTimes(Repository repository, DateTime deployedAt, int count, bool hotfix)
        {
            var latest = repository.LastMerge.AddMinutes(2);
            if (hotfix)
            {
                var failedAt = repository.LastRelease!.Value.AddMinutes(2);
                return [Later(deployedAt.AddMinutes(-Math.Max(8, (deployedAt - failedAt).TotalMinutes / 3)), Later(latest, failedAt))];
            }
            var from = Later(repository.LastRelease ?? deployedAt.AddDays(-5), latest);
            var to = deployedAt.AddMinutes(-40);
            if (count == 1 || to - from < TimeSpan.FromHours(1))
                return [Later(deployedAt.AddMinutes(-40 - random.Next(90)), latest)];
            return [.. Enumerable.Range(0, count).Select(_ => from + (to - from) * random.NextDouble()).Order()];
        }

        private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

        /// <summary>A pull request: its commits pushed to a branch, opened, merged, and the merge pushed to main.</summary>
        private IEnumerable<(DateTime At, string Event, JsonObject Payload)> Change(Repository repository, int number, DateTime mergedAt, double codingHours, bool hotfix)
        {
            var firstCommitAt = mergedAt.AddHours(-codingHours * (0.5 + random.NextDouble()));
            var openedAt = firstCommitAt.AddHours((mergedAt - firstCommitAt).TotalHours * 0.6);
            var commits = Enumerable.Range(0, 1 + random.Next(hotfix ? 1 : 4))
                .Select(i => (Sha: Sha(repository, $"pr{number}c{i}"), At: firstCommitAt.AddMinutes(i * (openedAt - firstCommitAt).TotalMinutes / 4)))
                .ToList();
            var branch = $"refs/heads/{(hotfix ? "hotfix" : "change")}-{number}";
            var merge = Sha(repository, $"pr{number}merge");
            var title = hotfix ? $"Hotfix {number}" : $"Change {number}";
            yield return (commits[^1].At, "push", Push(repository, branch, "0000000000000000000000000000000000000000", commits, commits[^1].At));
            yield return (openedAt, "pull_request", PullRequest(repository, number, title, commits[^1].Sha, openedAt, null, null));
            yield return (mergedAt, "pull_request", PullRequest(repository, number, title, commits[^1].Sha, openedAt, mergedAt, merge));
            yield return (mergedAt, "push", Push(repository, "refs/heads/main", repository.Main, [.. commits, (merge, mergedAt)], mergedAt));
            repository.Main = merge;
            repository.LastMerge = mergedAt;
        }

        /// <summary>The CD tool puts the last good version back: a <c>service.rolledback</c> CDEvent naming its commit.</summary>
        private DemoRollback Rollback(Repository repository, string service, string goodSha, DateTime at)
        {
            var id = $"demo-rollback-{++_rollbacks:D4}";
            repository.Production = goodSha;
            Deliveries.Add(new Delivery(at, true, "dev.cdevents.service.rolledback.0.3.0", new JsonObject
            {
                ["context"] = new JsonObject
                {
                    ["specversion"] = "0.5.1",
                    ["id"] = id,
                    ["source"] = CdSource,
                    ["type"] = "dev.cdevents.service.rolledback.0.3.0",
                    ["timestamp"] = Iso(at),
                },
                ["subject"] = new JsonObject
                {
                    ["id"] = service,
                    ["source"] = CdSource,
                    ["content"] = new JsonObject
                    {
                        ["environment"] = new JsonObject { ["id"] = "production", ["source"] = CdSource },
                        ["artifactId"] = $"pkg:github/{repository.FullName}@{goodSha}",
                    },
                },
            }));
            repository.LastRelease = at;
            return new DemoRollback(id, at);
        }
    }

    private static JsonObject Push(Repository repository, string reference, string before, List<(string Sha, DateTime At)> commits, DateTime pushedAt) => new()
    {
        ["ref"] = reference,
        ["before"] = before,
        ["after"] = commits[^1].Sha,
        ["created"] = before.StartsWith("00000", StringComparison.Ordinal),
        ["deleted"] = false,
        ["forced"] = false,
        ["commits"] = new JsonArray([.. commits.Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.Sha,
            ["message"] = $"Change {c.Sha[..7]}",
            ["timestamp"] = Iso(c.At),
            ["author"] = new JsonObject { ["name"] = "Demo Engineer", ["email"] = "engineer@demo-bank.example" },
        })]),
        ["repository"] = repository.Json(new DateTimeOffset(pushedAt, TimeSpan.Zero).ToUnixTimeSeconds()),
        ["sender"] = new JsonObject { ["login"] = "demo-engineer" },
    };

    private static JsonObject PullRequest(Repository repository, int number, string title, string head, DateTime openedAt, DateTime? mergedAt, string? mergeCommit) => new()
    {
        ["action"] = mergedAt is null ? "opened" : "closed",
        ["number"] = number,
        ["pull_request"] = new JsonObject
        {
            ["number"] = number,
            ["title"] = title,
            ["state"] = mergedAt is null ? "open" : "closed",
            ["html_url"] = $"https://github.com/{repository.FullName}/pull/{number}",
            ["user"] = new JsonObject { ["login"] = "demo-engineer" },
            ["created_at"] = Iso(openedAt),
            ["merged_at"] = mergedAt is { } merged ? Iso(merged) : null,
            ["closed_at"] = mergedAt is { } closed ? Iso(closed) : null,
            ["merged"] = mergedAt is not null,
            ["merge_commit_sha"] = mergeCommit,
            ["head"] = new JsonObject { ["sha"] = head, ["ref"] = $"change-{number}" },
            ["base"] = new JsonObject { ["ref"] = "main" },
        },
        ["repository"] = repository.Json(Iso(openedAt)),
    };

    private static JsonObject WorkflowRun(Repository repository, long id, DateTime startedAt, DateTime finishedAt) => new()
    {
        ["action"] = "completed",
        ["workflow_run"] = new JsonObject
        {
            ["id"] = id,
            ["name"] = "build-and-deploy",
            ["head_branch"] = "main",
            ["head_sha"] = repository.Main,
            ["status"] = "completed",
            ["conclusion"] = "success",
            ["run_started_at"] = Iso(startedAt),
            ["updated_at"] = Iso(finishedAt),
            ["html_url"] = $"https://github.com/{repository.FullName}/actions/runs/{id}",
        },
        ["repository"] = repository.Json(Iso(startedAt)),
    };

    private static JsonObject Deployment(Repository repository, long id, string environment, DateTime createdAt, (string State, DateTime At)? status, string? sha = null)
    {
        var payload = new JsonObject
        {
            ["action"] = "created",
            ["deployment"] = new JsonObject
            {
                ["id"] = id,
                ["sha"] = sha ?? repository.Main,
                ["ref"] = "main",
                ["environment"] = environment,
                ["created_at"] = Iso(createdAt),
                ["url"] = $"https://api.github.com/repos/{repository.FullName}/deployments/{id}",
            },
            ["repository"] = repository.Json(Iso(createdAt)),
        };
        if (status is { } s)
            payload["deployment_status"] = new JsonObject { ["state"] = s.State, ["environment"] = environment, ["created_at"] = Iso(s.At) };
        return payload;
    }

    private static string Sha(Repository repository, string seed) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(repository.FullName + "/" + seed)));

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed class Repository
    {
        public Repository(string fullName)
        {
            FullName = fullName;
            Main = Production = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(fullName + "/initial")));
        }

        public string FullName { get; }

        /// <summary>The head of the main branch.</summary>
        public string Main { get; set; }

        /// <summary>The commit production runs.</summary>
        public string Production { get; set; }

        public int PullRequests { get; set; }

        public DateTime LastMerge { get; set; } = DateTime.MinValue;

        public DateTime? LastRelease { get; set; }

        public JsonObject Json(JsonNode pushedAt) => new()
        {
            ["full_name"] = FullName,
            ["name"] = FullName.Split('/')[1],
            ["html_url"] = $"https://github.com/{FullName}",
            ["pushed_at"] = pushedAt,
        };
    }
}
