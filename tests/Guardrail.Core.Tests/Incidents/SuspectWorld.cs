using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Incidents.Suspects;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Incidents;

/// <summary>
/// A shop on a real store: checkout-api depends on payments-api, which depends on ledger-db; search-api stands apart.
/// Each CI belongs to the catalogue service of its name, through the same cross-source links discovery makes. The
/// incident starts at the store's clock; deployments and changes are placed relative to it.
/// </summary>
internal sealed class SuspectWorld
{
    private static readonly Actor s_actor = new("user:responder");
    private readonly TestStore _store;
    private readonly Dictionary<string, long> _services = [];
    private readonly Dictionary<string, long> _environments = [];
    private readonly Dictionary<string, long> _cis = [];
    private int _deployments;
    private DiscoveryResult _snapshot = null!;

    private SuspectWorld(TestStore store) => _store = store;

    public const string CheckoutApi = "k8s:shop/deployment/checkout-api", PaymentsApi = "k8s:shop/deployment/payments-api",
        LedgerDb = "tf:aws_db_instance.ledger", SearchApi = "k8s:shop/deployment/search-api";

    public DateTime Start { get; private set; }

    public long Service(string key) => _services[key];

    public long Environment(string key) => _environments[key];

    public long Ci(string key) => _cis[key];

    public static async Task<SuspectWorld> CreateAsync(TestStore store)
    {
        var world = new SuspectWorld(store) { Start = store.Clock.GetUtcNow().UtcDateTime };
        await using (var scope = store.Scope())
        {
            var provider = scope.ServiceProvider;
            Assert.True((await provider.GetRequiredService<TeamDirectory>().CreateAsync(new TeamRequest("shop", "Shop"), Actor.System, default)).Succeeded);
            foreach (var (key, tier) in new[] { ("production", "production"), ("staging", "staging") })
            {
                var environment = await provider.GetRequiredService<EnvironmentRegistry>().CreateAsync(new EnvironmentRequest(key, key[..1].ToUpperInvariant() + key[1..], tier), Actor.System, default);
                world._environments[key] = environment.Value!.Id;
            }
            foreach (var key in new[] { "checkout", "payments", "ledger", "search" })
            {
                var service = await provider.GetRequiredService<ServiceRegistry>().CreateAsync(new ServiceRequest(key, key[..1].ToUpperInvariant() + key[1..], "technical", "tier1", "shop"), Actor.System, default);
                Assert.True(service.Succeeded, service.Error?.Message);
                world._services[key] = service.Value!.Id;
            }

            world._snapshot = Snapshot();
            await world.ImportAsync(world._snapshot);
            var db = provider.GetRequiredService<GuardrailDb>();
            foreach (var ci in await db.ConfigurationItems.Select(c => new { c.Key, c.Id, c.ServiceId }).ToListAsync())
            {
                Assert.NotNull(ci.ServiceId);
                world._cis[ci.Key] = ci.Id;
            }
        }
        return world;
    }

    /// <summary>A deployment of <paramref name="service"/> that took effect <paramref name="beforeStart"/> before the incident (negative: after).</summary>
    public async Task<long> DeployAsync(string service, TimeSpan beforeStart, string environment = "production", DeploymentState status = DeploymentState.Succeeded,
        string? commit = null, int shipped = 0)
    {
        var at = Start - beforeStart;
        var deployed = status is DeploymentState.Succeeded or DeploymentState.RolledBack;
        var deployment = new Deployment
        {
            Source = IntegrationKind.Github,
            ProviderDeploymentId = $"gh-{++_deployments}",
            ServiceId = _services[service],
            EnvironmentId = _environments[environment],
            EnvironmentName = environment,
            EnvironmentTier = environment == "production" ? EnvironmentTier.Production : EnvironmentTier.Staging,
            CommitSha = commit,
            Status = status,
            StatusAt = at,
            StartedAt = at - TimeSpan.FromMinutes(3),
            FinishedAt = status is DeploymentState.Pending or DeploymentState.InProgress ? null : at,
            DeployedAt = deployed ? at : null,
            ShippedSetBasis = shipped > 0 ? ShippedSetBasis.Explicit : deployed ? ShippedSetBasis.Unknown : ShippedSetBasis.None,
            ShippedSetNote = shipped > 0 ? $"{shipped} commits listed by the deployment event." : deployed ? "This is the first deployment of the service to this environment that Guardrail knows of: there is nothing to count from." : null,
            UpdatedAt = at,
        };
        await using var scope = _store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        db.Deployments.Add(deployment);
        await db.SaveChangesAsync();
        db.ShippedCommits.AddRange(Enumerable.Range(0, shipped).Select(i => new ShippedCommit { DeploymentId = deployment.Id, Sha = $"{i:x8}{commit}"[..40] }));
        await db.SaveChangesAsync();
        return deployment.Id;
    }

    /// <summary>A change record of <paramref name="service"/> in production, saved with its audit entry as every change is.</summary>
    public async Task<long> ChangeAsync(string service, Action<ChangeRecord> shape, params string[] cis)
    {
        var change = new ChangeRecord
        {
            Title = $"Change {service}",
            Model = ChangeRecord.DeploymentModel,
            Type = ChangeType.Normal,
            State = ChangeState.Closed,
            Outcome = ChangeOutcome.Implemented,
            ServiceId = _services[service],
            EnvironmentId = _environments["production"],
            Requester = "alice",
            RiskScore = 20,
            PolicyOutcome = DecisionOutcome.Approve,
            CreatedAt = Start - TimeSpan.FromDays(1),
            UpdatedAt = Start - TimeSpan.FromDays(1),
        };
        shape(change);
        change.Cis.AddRange(cis.Select(ci => new ChangeCi { CiId = _cis[ci] }));
        await using var scope = _store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
        db.Changes.Add(change);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveAsync(db, s_actor, default);
        return change.Id;
    }

    public async Task<Result<WhatChangedReport>> AskAsync(WhatChangedQuery query)
    {
        await using var scope = _store.Scope();
        return await scope.ServiceProvider.GetRequiredService<WhatChanged>().FindAsync(query, default);
    }

    public async Task<WhatChangedReport> SuspectsAsync(IReadOnlyCollection<long> ciIds, IReadOnlyCollection<long>? serviceIds = null, RecordReference? environment = null, TimeSpan? lookBack = null)
    {
        var report = await AskAsync(new WhatChangedQuery(ciIds, serviceIds ?? [], Start, environment, lookBack));
        Assert.True(report.Succeeded, report.Error?.Message);
        return report.Value;
    }

    /// <summary>Imports the shop again without <paramref name="ciKey"/>, which discovery then retires.</summary>
    public Task RetireAsync(string ciKey) => ImportAsync(_snapshot with
    {
        Items = [.. _snapshot.Items.Where(i => i.Key != ciKey)],
        Relationships = [.. _snapshot.Relationships.Where(r => r.FromKey != ciKey && r.ToKey != ciKey)],
        Links = [.. _snapshot.Links.Where(l => l.FromKey != ciKey)],
    });

    private static DiscoveryResult Snapshot()
    {
        static DiscoveredCi Item(string key, CiClass ciClass, string name) => new(key, ciClass, name, new JsonObject());
        static CrossSourceLink BelongsTo(string key, string service) => new(key, RelationshipType.PartOf, [CiKeys.Service(service)], "label app.kubernetes.io/part-of");
        return new DiscoveryResult("kubernetes",
            [Item(CheckoutApi, CiClass.Workload, "checkout-api"), Item(PaymentsApi, CiClass.Workload, "payments-api"),
             Item(LedgerDb, CiClass.Database, "ledger-db"), Item(SearchApi, CiClass.Workload, "search-api")],
            [new(CheckoutApi, RelationshipType.DependsOn, PaymentsApi), new(PaymentsApi, RelationshipType.DependsOn, LedgerDb)],
            [BelongsTo(CheckoutApi, "checkout"), BelongsTo(PaymentsApi, "payments"), BelongsTo(LedgerDb, "ledger"), BelongsTo(SearchApi, "search")], [], []);
    }

    private async Task ImportAsync(DiscoveryResult snapshot)
    {
        await using var scope = _store.Scope();
        var imported = await scope.ServiceProvider.GetRequiredService<Reconciliation>().ImportAsync(snapshot, "shop", 1, false, s_actor, default);
        Assert.True(imported.Succeeded, imported.Error?.Message);
        await scope.ServiceProvider.GetRequiredService<CmdbGraph>().RefreshAsync(default);
    }
}
