using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Incidents;
using Guardrail.Core.Incidents.Causes;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Measurement;
using Guardrail.Core.Persistence;
using Guardrail.Core.Problems;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Measurement;

/// <summary>
/// A delivery history told in order on a real store: pushes, pull requests and deployments go through the deployment
/// recorder as the inbox hands them over, incidents and causes through their use cases, with the fake clock moved to
/// each moment first. Times are hours after <see cref="T0"/>, the store's starting clock.
/// </summary>
internal sealed class DeliveryWorld
{
    public const string NoParent = "0000000000000000000000000000000000000000";
    private static readonly Actor s_responder = new("user:responder");
    private readonly TestStore _store;
    private int _deliveries;

    private DeliveryWorld(TestStore store) => _store = store;

    public DateTime T0 { get; private set; }

    public DateTimeOffset At(double hours) => new(T0.AddHours(hours), TimeSpan.Zero);

    public static async Task<DeliveryWorld> CreateAsync(TestStore store, params string[] services)
    {
        var world = new DeliveryWorld(store) { T0 = store.Clock.GetUtcNow().UtcDateTime };
        await using var scope = store.Scope();
        var provider = scope.ServiceProvider;
        Assert.True((await provider.GetRequiredService<TeamDirectory>().CreateAsync(new TeamRequest("shop", "Shop"), Actor.System, default)).Succeeded);
        foreach (var (key, tier) in new[] { ("production", "production"), ("staging", "staging") })
            Assert.True((await provider.GetRequiredService<EnvironmentRegistry>().CreateAsync(new EnvironmentRequest(key, key, tier), Actor.System, default)).Succeeded);
        foreach (var key in services)
        {
            var created = await provider.GetRequiredService<ServiceRegistry>().CreateAsync(new ServiceRequest(key, key, "technical", "tier1", "shop"), Actor.System, default);
            Assert.True(created.Succeeded, created.Error?.Message);
            var rule = await provider.GetRequiredService<DeploymentLog>().CreateRuleAsync(new MappingRuleRequest($"github.com/shop/{key}", null, null, key, null), Actor.System, default);
            Assert.True(rule.Succeeded, rule.Error?.Message);
        }
        return world;
    }

    public void MoveTo(double hours)
    {
        var at = At(hours);
        if (at > _store.Clock.GetUtcNow())
            _store.Clock.SetUtcNow(at);
    }

    public static CommitObserved Commit(string sha, DateTimeOffset authoredAt, DateTimeOffset? committedAt = null) =>
        new(sha, authoredAt, committedAt ?? authoredAt, "dev", $"commit {sha}");

    public Task PushAsync(string service, string branch, string before, params CommitObserved[] commits) =>
        RecordAsync(recorder => recorder.RecordAsync(
            new PushObserved($"github.com/shop/{service}", $"refs/heads/{branch}", before, commits[^1].Sha, false, commits[^1].CommittedAt, commits, true),
            ++_deliveries, default));

    public Task PullRequestAsync(string service, long number, PullRequestState state, DateTimeOffset openedAt, DateTimeOffset? mergedAt, string? mergeSha, string head) =>
        RecordAsync(recorder => recorder.RecordAsync(
            new PullRequestObserved($"github.com/shop/{service}", number, $"PR {number}", state, "dev", openedAt, mergedAt, mergedAt, mergeSha, head, "main", null),
            default));

    /// <summary>A deployment of <paramref name="service"/>'s repository as the inbox hands it over; <paramref name="shipped"/> is the commit list its event carries.</summary>
    public static DeploymentObserved Deployment(string service, string id, string commit, DateTimeOffset at, string environment = "production",
        DeploymentState status = DeploymentState.Succeeded, IReadOnlyList<string>? shipped = null) =>
        new(id, $"github.com/shop/{service}", null, environment, "main", commit, null, status, at, at.AddMinutes(-5), null, null, ExplicitCommits: shipped);

    public async Task<long> DeployAsync(string service, string id, string commit, DateTimeOffset at, string environment = "production",
        DeploymentState status = DeploymentState.Succeeded, IntegrationKind source = IntegrationKind.Github, IReadOnlyList<string>? shipped = null)
    {
        MoveTo((at.UtcDateTime - T0).TotalHours);
        await RecordAsync(recorder => recorder.RecordAsync(source, Deployment(service, id, commit, at, environment, status, shipped), null, default));
        await using var scope = _store.Scope();
        return await scope.ServiceProvider.GetRequiredService<GuardrailDb>().Deployments.Where(d => d.ProviderDeploymentId == id).Select(d => d.Id).SingleAsync();
    }

    /// <summary>Declares an incident on <paramref name="service"/> at <paramref name="openedAt"/> hours, acknowledged <paramref name="acknowledgeAfter"/> hours later.</summary>
    public async Task<string> IncidentAsync(string service, double openedAt, string impact, string urgency, double acknowledgeAfter, double? startedAt = null)
    {
        MoveTo(openedAt);
        await using var scope = _store.Scope();
        var incidents = scope.ServiceProvider.GetRequiredService<IncidentRecords>();
        var created = await incidents.CreateAsync(new IncidentRequest($"{service} is down", impact, urgency, Services: [service],
            StartedAt: startedAt is { } started ? T0.AddHours(started) : null), s_responder, "responder", default);
        Assert.True(created.Succeeded, created.Error?.Message);
        MoveTo(openedAt + acknowledgeAfter);
        await TransitionAsync(created.Value.Number, "acknowledge");
        return created.Value.Number;
    }

    public async Task TransitionAsync(string incident, string action, double? at = null)
    {
        if (at is { } hours)
            MoveTo(hours);
        await using var scope = _store.Scope();
        var incidents = scope.ServiceProvider.GetRequiredService<IncidentRecords>();
        var current = await incidents.GetAsync(incident, default);
        var moved = await incidents.TransitionAsync(incident, new IncidentTransitionRequest(action, current.Value!.Version, ResolutionNotes: action == "resolve" ? "Fixed." : null), s_responder, "responder", default);
        Assert.True(moved.Succeeded, moved.Error?.Message);
    }

    public async Task<long> ConfirmCauseAsync(string incident, long deploymentId)
    {
        await using var scope = _store.Scope();
        var confirmed = await scope.ServiceProvider.GetRequiredService<IncidentCauses>().ConfirmAsync(incident, new CauseConfirmation(deploymentId, null, null), s_responder, default);
        Assert.True(confirmed.Succeeded, confirmed.Error?.Message);
        return confirmed.Value.Id;
    }

    public async Task RemediateAsync(string incident, long causeId, long deploymentId)
    {
        await using var scope = _store.Scope();
        var marked = await scope.ServiceProvider.GetRequiredService<IncidentCauses>().MarkRemediatedAsync(incident, causeId, deploymentId, s_responder, default);
        Assert.True(marked.Succeeded, marked.Error?.Message);
    }

    /// <summary>An emergency change record implemented by <paramref name="deploymentId"/>, saved with its audit entry as every change is.</summary>
    public async Task EmergencyChangeAsync(string service, long deploymentId)
    {
        await using var scope = _store.Scope();
        await ImplementedChangeAsync(scope, service, deploymentId, ChangeType.Emergency, "Hotfix");
    }

    /// <summary>A change implemented by the deployment, named as its fix by a new problem; returns the problem's number.</summary>
    public async Task<string> ProblemFixAsync(string service, long deploymentId, ChangeType type = ChangeType.Normal)
    {
        await using var scope = _store.Scope();
        var change = await ImplementedChangeAsync(scope, service, deploymentId, type, "Retry the ledger write");
        var problem = await scope.ServiceProvider.GetRequiredService<ProblemRecords>().CreateAsync(
            new ProblemRequest("Ledger writes time out", Services: [service], Fix: "Retry the write.", FixChange: change.Number), s_responder, default);
        Assert.True(problem.Succeeded, problem.Error?.Message);
        return problem.Value!.Number;
    }

    /// <summary>A production change of <paramref name="service"/> that <paramref name="deploymentId"/> implemented, in review.</summary>
    private async Task<ChangeRecord> ImplementedChangeAsync(AsyncServiceScope scope, string service, long deploymentId, ChangeType type, string title)
    {
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        var now = _store.Clock.GetUtcNow().UtcDateTime;
        var change = new ChangeRecord
        {
            Title = title, Model = ChangeRecord.DeploymentModel, Type = type, State = ChangeState.Review, Outcome = ChangeOutcome.Implemented,
            ServiceId = await db.Services.Where(s => s.Key == service).Select(s => s.Id).SingleAsync(),
            EnvironmentId = await db.Environments.Where(e => e.Key == "production").Select(e => e.Id).SingleAsync(),
            Requester = "alice", Justification = type == ChangeType.Emergency ? "The service is failing." : null, DeploymentId = deploymentId,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Changes.Add(change);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveAsync(db, s_responder, default);
        return change;
    }

    public async Task<int> ProjectAsync()
    {
        await using var scope = _store.Scope();
        return await scope.ServiceProvider.GetRequiredService<LeadTimeProjection>().ProjectAllAsync(default);
    }

    public async Task<MetricsReport> ReportAsync(double fromHours, double toHours, string? service = null, string? environment = null, string? bands = null)
    {
        await using var scope = _store.Scope();
        var report = await scope.ServiceProvider.GetRequiredService<MetricsEngine>()
            .ReportAsync(new MetricsRequest(Service: service, Environment: environment, From: At(fromHours), To: At(toHours), Bands: bands), default);
        Assert.True(report.Succeeded, report.Error?.Message);
        return report.Value;
    }

    public async Task<MetricTable> RecordsAsync(string metric, double fromHours, double toHours)
    {
        await using var scope = _store.Scope();
        var table = await scope.ServiceProvider.GetRequiredService<MetricRecords>().ListAsync(metric, new MetricsRequest(From: At(fromHours), To: At(toHours)), default);
        Assert.True(table.Succeeded, table.Error?.Message);
        return table.Value;
    }

    private async Task RecordAsync(Func<DeploymentRecorder, Task<string>> record)
    {
        await using var scope = _store.Scope();
        await record(scope.ServiceProvider.GetRequiredService<DeploymentRecorder>());
        await scope.ServiceProvider.GetRequiredService<GuardrailDb>().SaveChangesAsync();
    }
}
