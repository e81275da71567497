using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guardrail.Core.Incidents.Suspects;

/// <summary>
/// "What changed?": the deployments and change records on an incident's CIs and services and on everything they rely
/// on upstream in the CMDB, that took effect in the look-back window before the incident started or within the grace
/// after it, in the incident's environments (every production-tier environment by default), ranked by
/// <see cref="SuspectScore"/>. Unconfirmed, they are suggestions: this reads and never writes.
/// <list type="bullet">
/// <item>Where: the in-memory graph's upstream walks from each affected CI and from every CI of each affected service;
/// a CI reached from several roots is as near as the nearest. A deployment or change of a catalogue service is as near
/// as that service's nearest CI (an affected service itself is 0 hops); a change that names CIs is as near as the
/// nearest of them, if that is nearer.</item>
/// <item>When: a deployment took effect when it was deployed (<see cref="Deployment.DeployedAt"/>); one never deployed
/// at the time of its status if it failed, is rolling out or was removed (pending and cancelled ones never ran). A change
/// record carried out by a deployment takes the deployment's time; otherwise its planned start (the gate sets it to
/// the time of its call) or, without one, the time it was recorded. Changes that never went ahead (requested, in
/// assessment or authorisation, rejected, cancelled) are suspects only through a deployment.</item>
/// <item>One suspect, not two: a deployment and the change record that names it (<see cref="ChangeRecord.DeploymentId"/>)
/// or, naming none, has its service, environment and commit (the change's commit may be a prefix): the deployment
/// nearest after the change's own time. A change that names a deployment outside the window is left out with it.</item>
/// <item>Rolled back: the next deployment of the same service and environment, up to
/// <see cref="WhatChangedOptions.RollbackHorizon"/> after the start, is a rollback.</item>
/// </list>
/// </summary>
public sealed class WhatChanged(GuardrailDb db, CmdbGraph graph, ServiceCatalogIndex catalog, IOptions<WhatChangedOptions> options)
{
    public const int MaxLimit = 500;

    /// <summary>At most this many affected CIs and services in one question.</summary>
    public const int MaxAffected = 1000;

    private const int CiIdsPerQuery = 2000;

    private static readonly DeploymentState[] s_neverSuspectUndeployed =
        [.. Enum.GetValues<DeploymentState>().Except([DeploymentState.Failed, DeploymentState.InProgress, DeploymentState.Removed])];

    /// <summary>What changed on an incident's services and CIs, and upstream of them, before its impact started.</summary>
    public async Task<Result<WhatChangedReport>> ForIncidentAsync(string incidentReference, TimeSpan? lookBack, int? limit, CancellationToken cancellationToken)
    {
        var incident = RecordNumber.Incident.TryParse(incidentReference, out var id)
            ? await db.Incidents.AsNoTracking().Include(i => i.Services).Include(i => i.Cis).AsSplitQuery().FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
            : null;
        if (incident is null)
            return Error.NotFound("incident", incidentReference);
        if (incident.Services.Count == 0 && incident.Cis.Count == 0)
            return new Error("incident.nothing_affected",
                $"{incident.Number} names no service or configuration item yet; say what it affects to see what changed on it.", ErrorKind.Conflict);
        return await FindAsync(new WhatChangedQuery([.. incident.Cis.Select(c => c.CiId)], [.. incident.Services.Select(s => s.ServiceId)],
            incident.StartedAt, LookBack: lookBack, Limit: limit), cancellationToken);
    }

    public async Task<Result<WhatChangedReport>> FindAsync(WhatChangedQuery query, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var lookBack = query.LookBack ?? settings.LookBack;
        var limit = query.Limit ?? settings.DefaultLimit;
        var validation = new Validation();
        if (query.CiIds.Count == 0 && query.ServiceIds.Count == 0)
            validation.Add("ciIds", "Name at least one affected CI or service.");
        if (query.CiIds.Count + query.ServiceIds.Count > MaxAffected)
            validation.Add("ciIds", $"At most {MaxAffected} affected CIs and services in all (got {query.CiIds.Count + query.ServiceIds.Count}).");
        if (query.StartedAt == default)
            validation.Add("startedAt", "'startedAt' is required: when the incident started.");
        if (lookBack <= TimeSpan.Zero || lookBack > settings.MaxLookBack)
            validation.Add("lookBack", $"'lookBack' must be more than zero and at most {SuspectWording.Duration(settings.MaxLookBack)}.");
        if (limit is < 1 or > MaxLimit)
            validation.Add("limit", $"'limit' must be between 1 and {MaxLimit}.");
        if (!validation.IsValid)
            return validation.ToError();

        if (catalog.Sequence < 0)
            await catalog.RefreshAsync(cancellationToken);
        var environments = Environments(query.Environment);
        if (!environments.Succeeded)
            return environments.Error;
        var services = Services(query.ServiceIds);
        if (!services.Succeeded)
            return services.Error;
        var roots = await CiRootsAsync(query.CiIds, cancellationToken);
        if (!roots.Succeeded)
            return roots.Error;

        var startedAt = query.StartedAt.Kind == DateTimeKind.Local ? query.StartedAt.ToUniversalTime() : DateTime.SpecifyKind(query.StartedAt, DateTimeKind.Utc);
        var window = new Window(startedAt - lookBack, startedAt + settings.Grace, startedAt + (settings.RollbackHorizon > settings.Grace ? settings.RollbackHorizon : settings.Grace));
        var reach = await UpstreamReach.WalkAsync(roots.Value.Graph, roots.Value.Nodes, services.Value, settings.MaxHops, cancellationToken);
        var environmentIds = environments.Value.Select(e => e.Id).ToList();
        var found = environmentIds.Count == 0 ? Found.Nothing : await FindCandidatesAsync(reach, environmentIds, window, cancellationToken);
        var ranked = Rank(Suspects(found, reach, environmentIds, window), startedAt, settings);
        var shown = await DescribeAsync(ranked.Take(limit).ToList(), reach, environments.Value, settings, cancellationToken);
        return new WhatChangedReport(startedAt, window.From, window.To, [.. environments.Value.Select(e => new SuspectEnvironment(e.Id, e.Key, e.Name))],
            reach.CiCount, reach.Services.Count, ranked.Count, shown);
    }

    private Result<DeploymentEnvironment[]> Environments(RecordReference? wanted)
    {
        if (wanted is not { } reference)
            return catalog.EnvironmentsOfTier(EnvironmentTier.Production).ToArray();
        if (catalog.FindEnvironment(reference) is { } environment)
            return new[] { environment };
        var message = $"No environment '{reference}' exists.";
        return new Error("environment.not_found", message, ErrorKind.Validation, new Dictionary<string, string[]> { ["environment"] = [message] });
    }

    private Result<List<long>> Services(IReadOnlyCollection<long> serviceIds)
    {
        var distinct = serviceIds.Distinct().Order().ToList();
        var unknown = distinct.Where(id => catalog.Find(new RecordReference(id, null)) is null).ToList();
        if (unknown.Count == 0)
            return distinct;
        var message = $"No service has the id{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown)}.";
        return new Error("service.not_found", message, ErrorKind.Validation, new Dictionary<string, string[]> { ["serviceIds"] = [message] });
    }

    /// <summary>The graph nodes of the affected CIs; a CI written on another node since this graph was loaded reloads it once.</summary>
    private async Task<Result<(GraphSnapshot Graph, List<int> Nodes)>> CiRootsAsync(IReadOnlyCollection<long> ciIds, CancellationToken cancellationToken)
    {
        var distinct = ciIds.Distinct().Order().ToList();
        var snapshot = await graph.SnapshotAsync(cancellationToken);
        var missing = distinct.Where(id => snapshot.NodeOf(id) is null).ToList();
        if (missing.Count == 0)
            return (snapshot, distinct.Select(id => snapshot.NodeOf(id)!.Value).ToList());

        var stored = await db.ConfigurationItems.AsNoTracking().Where(c => missing.Contains(c.Id))
            .Select(c => new { c.Id, c.Key, c.Status }).ToDictionaryAsync(c => c.Id, cancellationToken);
        if (stored.Values.Any(c => c.Status == CiStatus.Active))
        {
            await graph.RefreshAsync(cancellationToken);
            snapshot = await graph.SnapshotAsync(cancellationToken);
            missing = [.. distinct.Where(id => snapshot.NodeOf(id) is null)];
            if (missing.Count == 0)
                return (snapshot, distinct.Select(id => snapshot.NodeOf(id)!.Value).ToList());
        }
        var unknown = missing.Where(id => !stored.ContainsKey(id)).ToList();
        var messages = missing.Select(id => stored.TryGetValue(id, out var ci)
            ? $"CI {id} ({ci.Key}) is retired: it is no longer in the CMDB graph."
            : $"No CI has the id {id}.").ToArray();
        return unknown.Count > 0
            ? new Error("ci.not_found", $"No CI has the id{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown)}.", ErrorKind.Validation,
                new Dictionary<string, string[]> { ["ciIds"] = messages })
            : new Error("ci.retired", string.Join(" ", messages), ErrorKind.Validation, new Dictionary<string, string[]> { ["ciIds"] = messages });
    }

    /// <summary>Every deployment and change that may be a suspect, in a few queries whatever the size of the reach.</summary>
    private async Task<Found> FindCandidatesAsync(UpstreamReach reach, List<long> environmentIds, Window window, CancellationToken cancellationToken)
    {
        var serviceIds = reach.Services.Keys.Select(id => (long?)id).ToList();
        var deploymentEnvironments = environmentIds.Select(id => (long?)id).ToList();
        var (earliest, latest, rollbackUntil) = (window.From, window.To, window.RollbackUntil);

        var ofServices = db.Deployments.AsNoTracking().Where(d => serviceIds.Contains(d.ServiceId) && deploymentEnvironments.Contains(d.EnvironmentId));
        // Failed, in progress or removed, said as "none of the others": SQLite cannot use a NOT IN for an index, so it keeps to the
        // (service, environment, deployed at, status at) one instead of reading every failed deployment ever through the status index.
        var undeployed = ofServices.Where(d => d.DeployedAt == null && d.StatusAt >= earliest && d.StatusAt <= latest && !s_neverSuspectUndeployed.Contains(d.Status));
        var inWindow = ofServices.Where(d => d.DeployedAt >= earliest && d.DeployedAt <= latest).Concat(undeployed);
        // After the window only a rollback that is the next deployment of its service matters: it rolled back the last one in the window.
        var afterWindow = ofServices.Where(d => d.DeployedAt > latest && d.DeployedAt <= rollbackUntil);
        var rollbacksAfter = afterWindow.Where(d => d.Status == DeploymentState.RolledBack
            && !afterWindow.Any(earlier => earlier.ServiceId == d.ServiceId && earlier.EnvironmentId == d.EnvironmentId && earlier.DeployedAt < d.DeployedAt));
        var deployments = serviceIds.Count == 0 ? [] : await inWindow.Concat(rollbacksAfter).Select(DeploymentRow.Projection).ToListAsync(cancellationToken);

        // Written so that SQLite, which has no statistics unless someone runs ANALYZE, drives each read from the right
        // index: CI links first and the changes by key, a service's changes by the (service, environment, planned start,
        // created at) index; whether a change went ahead is checked on the rows read.
        var changes = db.Changes.AsNoTracking();
        var ciLinks = new List<(long CiId, long ChangeId)>();
        foreach (var chunk in reach.CiIds.Chunk(CiIdsPerQuery))
        {
            ciLinks.AddRange((await (from link in db.ChangeCis
                                     from change in changes
                                     where chunk.Contains(link.CiId) && change.Id == link.ChangeId && environmentIds.Contains(change.EnvironmentId)
                                         && ((change.PlannedStart >= earliest && change.PlannedStart <= latest) || (change.PlannedStart == null && change.CreatedAt >= earliest && change.CreatedAt <= latest))
                                     select new { link.CiId, link.ChangeId }).ToListAsync(cancellationToken))
                .Select(l => (l.CiId, l.ChangeId)));
        }
        var linked = ciLinks.Select(l => l.ChangeId).Distinct().ToList();

        var changeServiceIds = reach.Services.Keys.ToList();
        var onServices = changes.Where(c => changeServiceIds.Contains(c.ServiceId) && environmentIds.Contains(c.EnvironmentId));
        var found = await onServices.Where(c => c.PlannedStart >= earliest && c.PlannedStart <= latest)
            .Concat(onServices.Where(c => c.PlannedStart == null && c.CreatedAt >= earliest && c.CreatedAt <= latest))
            .Concat(inWindow.Join(changes, d => (long?)d.Id, c => c.DeploymentId, (_, c) => c))
            .Concat(from d in inWindow
                    from c in changes
                    where d.CommitSha != null && c.CommitSha != null && c.EnvironmentId == d.EnvironmentId && c.CommitSha == d.CommitSha
                    select c)
            .Concat(changes.Where(c => linked.Contains(c.Id)))
            .Select(ChangeRow.Projection).ToListAsync(cancellationToken);

        // A change found through its CIs may name a deployment of a service outside the reach; the rollbacks are read
        // from the full history of the services in reach only.
        var known = deployments.Select(d => d.Id).ToHashSet();
        var named = found.Where(c => c.DeploymentId is { } id && !known.Contains(id)).Select(c => c.DeploymentId).Distinct().ToList();

        var rolledBackBy = RolledBack(deployments);
        if (named.Count > 0)
            deployments.AddRange(await db.Deployments.AsNoTracking().Where(d => named.Contains(d.Id)).Select(DeploymentRow.Projection).ToListAsync(cancellationToken));
        return new Found(deployments, rolledBackBy, [.. found.DistinctBy(c => c.Id).OrderBy(c => c.Id)],
            ciLinks.GroupBy(l => l.ChangeId).ToDictionary(g => g.Key, g => g.Select(l => l.CiId).Distinct().Order().ToList()));
    }

    private static bool IsCarriedOut(ChangeState state) => state is ChangeState.Scheduled or ChangeState.Implementation or ChangeState.Review or ChangeState.Closed;

    /// <summary>Pairs deployments with their change records and places each suspect; nothing is read from the store here.</summary>
    private static List<Candidate> Suspects(Found found, UpstreamReach reach, List<long> environmentIds, Window window)
    {
        var environments = environmentIds.ToHashSet();
        var candidates = found.Deployments
            .Where(d => d.At >= window.From && d.At <= window.To && d.EnvironmentId is { } environment && environments.Contains(environment) && d.Status is not (DeploymentState.Pending or DeploymentState.Cancelled))
            .DistinctBy(d => d.Id).OrderBy(d => d.Id).ToList();
        var byId = candidates.ToDictionary(d => d.Id);
        var changeOf = new Dictionary<long, ChangeRow>();
        var paired = new HashSet<long>();
        foreach (var change in found.Changes)
        {
            if (change.DeploymentId is { } id && byId.ContainsKey(id) && changeOf.TryAdd(id, change))
                paired.Add(change.Id);
        }
        foreach (var change in found.Changes.Where(c => c.DeploymentId is null && c.CommitSha is { Length: >= 7 } && !paired.Contains(c.Id)))
        {
            var deployment = candidates
                .Where(d => !changeOf.ContainsKey(d.Id) && d.ServiceId == change.ServiceId && d.EnvironmentId == change.EnvironmentId
                    && d.CommitSha is { } sha && sha.StartsWith(change.CommitSha!, StringComparison.OrdinalIgnoreCase))
                .OrderBy(d => d.At < change.OwnTime).ThenBy(d => (d.At - change.OwnTime).Duration()).ThenBy(d => d.Id)
                .FirstOrDefault();
            if (deployment is not null)
            {
                changeOf[deployment.Id] = change;
                paired.Add(change.Id);
            }
        }

        var suspects = new List<Candidate>();
        foreach (var deployment in candidates)
        {
            var change = changeOf.GetValueOrDefault(deployment.Id);
            if (Nearest(reach, found, deployment.ServiceId, change) is { } place)
                suspects.Add(new Candidate(deployment, change, place, deployment.At, found.RolledBackBy.GetValueOrDefault(deployment.Id)));
        }
        foreach (var change in found.Changes.Where(c => !paired.Contains(c.Id) && c.DeploymentId is null && IsCarriedOut(c.State)
            && environments.Contains(c.EnvironmentId) && c.OwnTime >= window.From && c.OwnTime <= window.To))
        {
            if (Nearest(reach, found, null, change) is { } place)
                suspects.Add(new Candidate(null, change, place, change.OwnTime, null));
        }
        return suspects;
    }

    private static Place? Nearest(UpstreamReach reach, Found found, long? deploymentServiceId, ChangeRow? change)
    {
        IEnumerable<Place> places = [];
        if (deploymentServiceId is { } deployed && reach.Services.TryGetValue(deployed, out var ofDeployment))
            places = places.Append(ofDeployment);
        if (change is not null && reach.Services.TryGetValue(change.ServiceId, out var ofChange))
            places = places.Append(ofChange);
        if (change is not null && found.ChangeCis.TryGetValue(change.Id, out var cis))
            places = places.Concat(cis.Select(reach.PlaceOfCi).OfType<Place>());
        return places.Select(p => (Place?)p).OrderBy(p => p!.Value.Hops).ThenBy(p => p!.Value.Node ?? -1).FirstOrDefault();
    }

    /// <summary>The deployments a rollback replaced: the one before each rollback of the same service and environment.</summary>
    private static Dictionary<long, DeploymentRow> RolledBack(IEnumerable<DeploymentRow> deployments)
    {
        var replaced = new Dictionary<long, DeploymentRow>();
        foreach (var history in deployments.Where(d => d.Deployed).DistinctBy(d => d.Id).GroupBy(d => (d.ServiceId, d.EnvironmentId)))
        {
            DeploymentRow? previous = null;
            foreach (var deployment in history.OrderBy(d => d.At).ThenBy(d => d.Id))
            {
                if (previous is not null && deployment.Status == DeploymentState.RolledBack)
                    replaced[previous.Id] = deployment;
                previous = deployment;
            }
        }
        return replaced;
    }

    private static List<Ranked> Rank(List<Candidate> candidates, DateTime startedAt, WhatChangedOptions settings) =>
        [.. candidates
            .Select(c =>
            {
                var signals = Signals(c, settings, names: null);
                var beforeStart = startedAt - c.At;
                return new Ranked(c, beforeStart, signals, SuspectScore.Of(c.Place.Hops, beforeStart, settings.RecencyHalvedAfter, signals));
            })
            .OrderByDescending(r => r.Score.Points)
            .ThenBy(r => r.Candidate.Place.Hops)
            .ThenBy(r => r.BeforeStart.Duration())
            .ThenBy(r => r.Candidate.Deployment?.Id ?? long.MaxValue)
            .ThenBy(r => r.Candidate.Change?.Id ?? long.MaxValue)];

    /// <summary>The signals of a suspect; <paramref name="names"/> gives the rollbacks' names once the shown suspects' details are read.</summary>
    private static List<SuspectSignal> Signals(Candidate candidate, WhatChangedOptions settings, IReadOnlyDictionary<long, DeploymentDetails>? names)
    {
        var (deployment, change) = (candidate.Deployment, candidate.Change);
        var signals = new List<SuspectSignal>();
        if (candidate.RolledBackBy is { } rollback)
            signals.Add(SuspectSignals.Raise(SuspectSignals.RolledBack,
                $"It was rolled back {SuspectWording.Duration(rollback.At - deployment!.At)} later"
                + (names?.GetValueOrDefault(rollback.Id) is { } rolledBackBy ? $", by deployment {rolledBackBy.ProviderDeploymentId}." : ".")));
        if (change?.Outcome is ChangeOutcome.Failed or ChangeOutcome.RolledBack)
            signals.Add(SuspectSignals.Raise(SuspectSignals.ChangeFailed,
                $"{RecordNumber.Change.Format(change.Id)} was reported {(change.Outcome == ChangeOutcome.Failed ? "failed" : "rolled back")}."));
        if (deployment?.Status == DeploymentState.Failed)
            signals.Add(SuspectSignals.Raise(SuspectSignals.DeploymentFailed, "The deployment failed: a failed rollout can leave a service half updated."));
        if (change is not null && NotApproved(change, deployment is not null) is { } reason)
            signals.Add(SuspectSignals.Raise(SuspectSignals.NotApproved, reason));
        if (change?.RiskScore is { } risk && risk >= settings.HighRiskScore)
            signals.Add(SuspectSignals.Raise(SuspectSignals.HighRisk, $"{RecordNumber.Change.Format(change.Id)} was scored high risk: {risk} (high from {settings.HighRiskScore})."));
        if (change?.Type == ChangeType.Emergency)
            signals.Add(SuspectSignals.Raise(SuspectSignals.Emergency, $"{RecordNumber.Change.Format(change.Id)} is an emergency change: made in a hurry, reviewed afterwards."));
        return signals;
    }

    private static string? NotApproved(ChangeRow change, bool deployed)
    {
        var number = RecordNumber.Change.Format(change.Id);
        if (change.PolicyOutcome == DecisionOutcome.Reject)
            return $"The change policy rejected {number}" + (deployed ? ", and it was deployed all the same." : ".");
        if (change.IsReceipt && change.PolicyOutcome == DecisionOutcome.AwaitApproval)
            return $"{number} is a receipt: the pipeline went ahead without the approval the change policy asked for.";
        return deployed ? change.State switch
        {
            ChangeState.Requested or ChangeState.Assessment or ChangeState.Authorisation => $"It was deployed while {number} was still waiting for approval.",
            ChangeState.Rejected or ChangeState.Cancelled => $"It was deployed although {number} was {WireNames.Of(change.State)}.",
            _ => null,
        } : null;
    }

    /// <summary>The words and names of the suspects shown; only these pay for the look-ups.</summary>
    private async Task<List<Suspect>> DescribeAsync(List<Ranked> shown, UpstreamReach reach, IReadOnlyList<DeploymentEnvironment> environments,
        WhatChangedOptions settings, CancellationToken cancellationToken)
    {
        if (shown.Count == 0)
            return [];
        var deploymentIds = shown.SelectMany(r => new[] { r.Candidate.Deployment?.Id, r.Candidate.RolledBackBy?.Id }).OfType<long>().Distinct().ToList();
        var details = deploymentIds.Count == 0 ? [] : await db.Deployments.AsNoTracking().Where(d => deploymentIds.Contains(d.Id))
            .Select(d => new DeploymentDetails(d.Id, d.Source, d.ProviderDeploymentId, d.StartedAt, d.Artifact, d.Url, d.ShippedSetBasis, d.ShippedSetNote,
                db.ShippedCommits.Count(s => s.DeploymentId == d.Id)))
            .ToDictionaryAsync(d => d.Id, cancellationToken);
        var changeIds = shown.Select(r => r.Candidate.Change?.Id).OfType<long>().ToList();
        var changeCommits = changeIds.Count == 0 ? [] : await db.ChangeCommits.Where(c => changeIds.Contains(c.ChangeId))
            .GroupBy(c => c.ChangeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var paths = shown.Select(r => r.Candidate.Place.Node).OfType<int>().Distinct().ToDictionary(node => node, reach.PathTo);
        var ciIds = paths.Values.SelectMany(p => p.Select(s => s.CiId)).Distinct().ToList();
        var cis = ciIds.Count == 0 ? [] : await db.ConfigurationItems.AsNoTracking().Where(c => ciIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Key, c.Name }).ToDictionaryAsync(c => c.Id, cancellationToken);
        var environmentsById = environments.ToDictionary(e => e.Id);

        var suspects = new List<Suspect>();
        foreach (var (ranked, rank) in shown.Select((r, i) => (r, i + 1)))
        {
            var (deployment, change, place) = (ranked.Candidate.Deployment, ranked.Candidate.Change, ranked.Candidate.Place);
            var service = ServiceOf(deployment?.ServiceId ?? change!.ServiceId);
            var environment = environmentsById[deployment?.EnvironmentId ?? change!.EnvironmentId];
            var path = place.Node is { } node
                ? paths[node].Select(s => cis.TryGetValue(s.CiId, out var ci) ? new SuspectPathStep(s.CiId, ci.Key, ci.Name, s.Relation) : new SuspectPathStep(s.CiId, $"{s.CiId}", $"CI {s.CiId}", s.Relation)).ToList()
                : [];
            var detail = deployment is null ? null : details[deployment.Id];
            var deploymentRecord = deployment is null ? null : new SuspectDeployment(deployment.Id, detail!.Source, detail.ProviderDeploymentId, deployment.Status,
                detail.StartedAt, deployment.Deployed ? deployment.At : null, deployment.CommitSha, detail.Artifact, detail.Url,
                detail.ShippedSetBasis is ShippedSetBasis.Explicit or ShippedSetBasis.PushHistory or ShippedSetBasis.GitHistory or ShippedSetBasis.Redeploy ? detail.CommitsShipped : null,
                detail.ShippedSetBasis, ranked.Candidate.RolledBackBy?.Id);
            var changeRecord = change is null ? null : new SuspectChange(change.Id, RecordNumber.Change.Format(change.Id), change.Title, change.Type, change.State, change.Outcome,
                change.RiskScore, change.PolicyOutcome, change.IsReceipt, change.Planned ? change.OwnTime : null, changeCommits.GetValueOrDefault(change.Id));
            var evidence = new List<string> { Where(place, path, reach, service, change), When(ranked, environment, settings.Grace) };
            if (deploymentRecord is not null)
                evidence.Add(What(deploymentRecord, detail!.ShippedSetNote, service, environment));
            evidence.Add(changeRecord is null ? "No change record names this deployment." : What(changeRecord));
            var signals = Signals(ranked.Candidate, settings, details);
            evidence.AddRange(signals.Select(s => s.Reason));
            suspects.Add(new Suspect(rank, ranked.Score, deploymentRecord, changeRecord, service, new SuspectEnvironment(environment.Id, environment.Key, environment.Name),
                ranked.Candidate.At, ranked.BeforeStart, place.Hops, path, signals, evidence));
        }
        return suspects;
    }

    private SuspectService ServiceOf(long serviceId) =>
        catalog.Find(new RecordReference(serviceId, null)) is { } service
            ? new SuspectService(service.Id, service.Key, service.Name)
            : new SuspectService(serviceId, $"{serviceId}", $"service {serviceId}");

    private static string Where(Place place, List<SuspectPathStep> path, UpstreamReach reach, SuspectService service, ChangeRow? change)
    {
        if (place.Node is not { } node)
            return $"On {service.Name}, an affected service.";
        var ci = path[^1];
        var located = place.Hops == 0 ? $"On {ci.Name}, an affected CI." : SuspectWording.Path(path) + ".";
        if (reach.Graph.ServiceIds[node] == service.Id)
            return located + $" {ci.Name} belongs to {service.Name}.";
        return change is null ? located : located + $" {RecordNumber.Change.Format(change.Id)} names {ci.Name} among its CIs.";
    }

    private static string When(Ranked ranked, DeploymentEnvironment environment, TimeSpan grace)
    {
        var before = ranked.BeforeStart;
        var relative = before > TimeSpan.Zero ? $"{SuspectWording.Duration(before)} before the incident started"
            : before < TimeSpan.Zero ? $"{SuspectWording.Duration(before)} after the incident started, within the grace of {SuspectWording.Duration(grace)}"
            : "at the moment the incident started";
        if (ranked.Candidate.Deployment is { } deployment)
            return deployment.Deployed ? $"Deployed {relative}." : deployment.Status switch
            {
                DeploymentState.Failed => $"Failed {relative}.",
                DeploymentState.InProgress => $"Rolling out since {relative}.",
                _ => $"Removed from {environment.Name} {relative}.",
            };
        return ranked.Candidate.Change!.Planned ? $"Planned to start {relative}." : $"Recorded {relative}; it has no planned start.";
    }

    private static string What(SuspectDeployment deployment, string? shippedSetNote, SuspectService service, DeploymentEnvironment environment)
    {
        var lead = $"Deployment {deployment.ProviderDeploymentId} of {service.Name} to {environment.Name}";
        var version = deployment.CommitSha is { } sha ? SuspectWording.ShortSha(sha) : deployment.Artifact;
        if (deployment.Status == DeploymentState.RolledBack)
            return $"{lead} rolled back to {version ?? "an earlier version"}.";
        return deployment.ShippedSetBasis switch
        {
            ShippedSetBasis.Explicit or ShippedSetBasis.PushHistory or ShippedSetBasis.GitHistory =>
                $"{lead} shipped {SuspectWording.Count(deployment.CommitsShipped ?? 0, "commit")}{(version is null ? "" : $" up to {version}")}.",
            ShippedSetBasis.Redeploy => $"{lead} redeployed {version}: no new commits.",
            ShippedSetBasis.Unknown => $"{lead} deployed {version ?? "an unnamed version"}; the commits it shipped are unknown" + (shippedSetNote is null ? "." : $": {shippedSetNote}"),
            _ => version is null ? $"{lead}." : $"{lead}, version {version}.",
        };
    }

    private static string What(SuspectChange change)
    {
        var risk = change.RiskScore is { } score ? $"risk {score}" : "not risk-assessed";
        var outcome = change.Outcome is { } result ? $", outcome {WireNames.Of(result).Replace('-', ' ')}" : "";
        var commits = change.Commits > 0 ? $" It names {SuspectWording.Count(change.Commits, "commit")}." : "";
        return $"{change.Number} \"{change.Title}\": {WireNames.Of(change.Type)} change, {risk}, {WireNames.Of(change.State)}{outcome}.{commits}";
    }

    private sealed record Window(DateTime From, DateTime To, DateTime RollbackUntil);

    private sealed record Found(List<DeploymentRow> Deployments, Dictionary<long, DeploymentRow> RolledBackBy, List<ChangeRow> Changes, Dictionary<long, List<long>> ChangeCis)
    {
        public static readonly Found Nothing = new([], [], [], []);
    }

    private sealed record Candidate(DeploymentRow? Deployment, ChangeRow? Change, Place Place, DateTime At, DeploymentRow? RolledBackBy);

    private sealed record Ranked(Candidate Candidate, TimeSpan BeforeStart, List<SuspectSignal> Signals, SuspectScore Score);

    /// <summary>
    /// What ranking needs of a deployment, from the columns of the index the window is read from, so the read never
    /// touches the rows. <see cref="At"/> is when it took effect: when it was deployed, or the time of the status of one
    /// never deployed (one time per row: reading times is most of what a row costs).
    /// </summary>
    private sealed record DeploymentRow(long Id, long? ServiceId, long? EnvironmentId, DeploymentState Status, DateTime At, bool Deployed, string? CommitSha)
    {
        public static readonly System.Linq.Expressions.Expression<Func<Deployment, DeploymentRow>> Projection = d => new DeploymentRow(
            d.Id, d.ServiceId, d.EnvironmentId, d.Status, d.DeployedAt ?? d.StatusAt, d.DeployedAt != null, d.CommitSha);
    }

    private sealed record DeploymentDetails(long Id, IntegrationKind Source, string ProviderDeploymentId, DateTime StartedAt, string? Artifact, string? Url,
        ShippedSetBasis ShippedSetBasis, string? ShippedSetNote, int CommitsShipped);

    /// <summary>
    /// What ranking needs of a change record. <see cref="OwnTime"/> is when a change not carried out by a deployment took
    /// effect: its planned start (<see cref="Planned"/>), or when it was recorded.
    /// </summary>
    private sealed record ChangeRow(long Id, string Title, ChangeType Type, ChangeState State, ChangeOutcome? Outcome, long ServiceId, long EnvironmentId,
        string? CommitSha, DateTime OwnTime, bool Planned, int? RiskScore, DecisionOutcome? PolicyOutcome, bool IsReceipt, long? DeploymentId)
    {
        public static readonly System.Linq.Expressions.Expression<Func<ChangeRecord, ChangeRow>> Projection = c => new ChangeRow(
            c.Id, c.Title, c.Type, c.State, c.Outcome, c.ServiceId, c.EnvironmentId, c.CommitSha, c.PlannedStart ?? c.CreatedAt, c.PlannedStart != null,
            c.RiskScore, c.PolicyOutcome, c.IsReceipt, c.DeploymentId);
    }
}
