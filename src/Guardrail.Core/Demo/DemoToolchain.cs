using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Inbox;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.Demo;

/// <summary>
/// Ninety days of the demo bank's delivery history as its GitHub organisation would have sent it: feature-branch pushes,
/// merged pull requests, workflow runs, and deployments to staging and production with their statuses. They are stored
/// as signed deliveries of a "demo" GitHub integration and turned into records by the same processor as real ones. The
/// teams differ on purpose: payments deploys several times a day and rarely fails, identity deploys rarely and often
/// fails, storefront improves half-way through.
/// </summary>
/// <summary>A production deployment the demo toolchain made, for the demo changes that went with it.</summary>
public sealed record DemoRelease(string Service, string Repository, int PullRequest, string Sha, DateTime DeployedAt, bool Failed, string RunUrl, int Commits);

public sealed class DemoToolchain(GuardrailDb db, IntegrationRegistry integrations, TimeProvider clock)
{
    public const int Days = 90;

    private static readonly Actor s_demo = new("system:demo");

    /// <summary>Deployments per working day and the share that fail, before and after the half-way point.</summary>
    private static readonly Dictionary<string, (double PerDayBefore, double FailBefore, double PerDayAfter, double FailAfter, double LeadHours)> s_teams = new()
    {
        ["payments"] = (2.0, 0.03, 2.5, 0.02, 5),
        ["platform"] = (1.0, 0.08, 1.0, 0.07, 20),
        ["storefront"] = (0.2, 0.25, 1.2, 0.06, 60),
        ["identity"] = (0.12, 0.30, 0.12, 0.30, 200),
        ["data"] = (0.25, 0.10, 0.25, 0.10, 48),
    };

    /// <summary>Stores 90 days of signed deliveries for the inbox to process; returns the production deployments among them.</summary>
    public async Task<IReadOnlyList<DemoRelease>> SeedAsync(CancellationToken cancellationToken)
    {
        var releases = new List<DemoRelease>();
        var created = await integrations.CreateAsync(
            new CreateIntegrationRequest("github", "demo", "The demo bank's GitHub organisation.", null), s_demo, cancellationToken);
        var integration = created.Value ?? throw new InvalidOperationException($"Demo data is inconsistent: {created.Error?.Message}");
        var key = Encoding.UTF8.GetBytes(integration.Secret);
        var random = new Random(20261126);
        var now = clock.UtcNow();
        var deliveries = new List<(DateTime At, string Event, JsonObject Payload)>();
        var deploymentId = 4_000_000L;
        var runId = 9_000_000L;
        foreach (var (service, team) in DemoCmdb.ServicesWithTeams())
        {
            var profile = s_teams[team];
            var repository = new Repository($"demo-bank/{service}");
            var pull = 0;
            for (var day = Days; day >= 1; day--)
            {
                var date = now.Date.AddDays(-day);
                if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                    continue;
                var later = day < Days / 2;
                var perDay = later ? profile.PerDayAfter : profile.PerDayBefore;
                var count = (int)perDay + (random.NextDouble() < perDay % 1 ? 1 : 0);
                foreach (var deployedAt in Enumerable.Range(0, count).Select(_ => date.AddHours(9 + random.NextDouble() * 8)).Order().ToList())
                {
                    var failed = random.NextDouble() < (later ? profile.FailAfter : profile.FailBefore);
                    var change = Change(repository, ++pull, deployedAt, profile.LeadHours, random).ToList();
                    deliveries.AddRange(change);
                    deliveries.Add((deployedAt.AddMinutes(-25), "workflow_run", WorkflowRun(repository, ++runId, deployedAt.AddMinutes(-40), deployedAt.AddMinutes(-25))));
                    releases.Add(new DemoRelease(service, repository.FullName, pull, repository.Main, deployedAt, failed,
                        $"https://github.com/{repository.FullName}/actions/runs/{runId}", change[^1].Item3["commits"]!.AsArray().Count));
                    foreach (var (environment, at, success) in new[] { ("staging", deployedAt.AddMinutes(-20), true), ("production", deployedAt, !failed) })
                    {
                        var id = ++deploymentId;
                        deliveries.Add((at.AddMinutes(-2), "deployment", Deployment(repository, id, environment, at.AddMinutes(-2), null)));
                        deliveries.Add((at, "deployment_status", Deployment(repository, id, environment, at.AddMinutes(-2), (success ? "success" : "failure", at))));
                    }
                }
            }
        }

        foreach (var (at, eventType, payload) in deliveries.OrderBy(d => d.At))
        {
            var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
            var deliveryId = Guid.NewGuid().ToString();
            db.InboundDeliveries.Add(new InboundDelivery
            {
                IntegrationId = integration.Integration.Id,
                Source = IntegrationKind.Github,
                DeliveryId = deliveryId,
                EventType = eventType,
                ReceivedAt = Timestamps.Utc(new DateTimeOffset(at, TimeSpan.Zero)),
                Headers = JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["content-type"] = "application/json",
                    ["user-agent"] = "GitHub-Hookshot/demo",
                    ["x-github-event"] = eventType,
                    ["x-github-delivery"] = deliveryId,
                    ["x-hub-signature-256"] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body)),
                }),
                Body = new InboundDeliveryBody { Bytes = body },
                Status = DeliveryStatus.Pending,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        return releases;
    }

    /// <summary>A pull request: its commits pushed to a branch, opened, merged, and the merge pushed to main.</summary>
    private static IEnumerable<(DateTime, string, JsonObject)> Change(Repository repository, int number, DateTime deployedAt, double leadHours, Random random)
    {
        var mergedAt = deployedAt.AddMinutes(-45 - random.Next(0, 90));
        var firstCommitAt = mergedAt.AddHours(-leadHours * (0.5 + random.NextDouble()));
        var openedAt = firstCommitAt.AddHours((mergedAt - firstCommitAt).TotalHours * 0.6);
        var commits = Enumerable.Range(0, 1 + random.Next(4))
            .Select(i => (Sha: Sha(repository, $"pr{number}c{i}"), At: firstCommitAt.AddMinutes(i * (openedAt - firstCommitAt).TotalMinutes / 4)))
            .ToList();
        var branch = $"refs/heads/change-{number}";
        var merge = Sha(repository, $"pr{number}merge");
        yield return (commits[^1].At, "push", Push(repository, branch, "0000000000000000000000000000000000000000", commits, commits[^1].At));
        yield return (openedAt, "pull_request", PullRequest(repository, number, commits[^1].Sha, openedAt, null, null));
        yield return (mergedAt, "pull_request", PullRequest(repository, number, commits[^1].Sha, openedAt, mergedAt, merge));
        yield return (mergedAt, "push", Push(repository, "refs/heads/main", repository.Main, [.. commits, (merge, mergedAt)], mergedAt));
        repository.Main = merge;
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

    private static JsonObject PullRequest(Repository repository, int number, string head, DateTime openedAt, DateTime? mergedAt, string? mergeCommit) => new()
    {
        ["action"] = mergedAt is null ? "opened" : "closed",
        ["number"] = number,
        ["pull_request"] = new JsonObject
        {
            ["number"] = number,
            ["title"] = $"Change {number}",
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

    private static JsonObject Deployment(Repository repository, long id, string environment, DateTime createdAt, (string State, DateTime At)? status)
    {
        var payload = new JsonObject
        {
            ["action"] = "created",
            ["deployment"] = new JsonObject
            {
                ["id"] = id,
                ["sha"] = repository.Main,
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

    private sealed class Repository(string fullName)
    {
        public string FullName { get; } = fullName;

        public string Main { get; set; } = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(fullName + "/initial")));

        public JsonObject Json(JsonNode pushedAt) => new()
        {
            ["full_name"] = FullName,
            ["name"] = FullName.Split('/')[1],
            ["html_url"] = $"https://github.com/{FullName}",
            ["pushed_at"] = pushedAt,
        };
    }
}
