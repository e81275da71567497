using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Common;
using Guardrail.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Cmdb;

/// <summary>Identification, reconciliation, history and impact on a real store; run on SQLite and PostgreSQL.</summary>
internal static class ReconciliationScenarios
{
    private static readonly Actor s_importer = new("token:ci-pipeline");

    private static DiscoveredCi Ci(string key, CiClass ciClass, string name, string? attribute = null) =>
        new(key, ciClass, name, attribute is null ? [] : new JsonObject { ["image"] = attribute });

    private static DiscoveryResult Snapshot(string source, DiscoveredCi[] items, DiscoveredRelationship[]? relationships = null, CrossSourceLink[]? links = null) =>
        new(source, items, relationships ?? [], links ?? [], [], []);

    private static async Task<ImportOutcome> ImportAsync(TestStore store, DiscoveryResult result, string scope = "prod", bool dryRun = false)
    {
        await using var scopeOfRequest = store.Scope();
        var outcome = await scopeOfRequest.ServiceProvider.GetRequiredService<Reconciliation>().ImportAsync(result, scope, 1, dryRun, s_importer, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        return outcome.Value;
    }

    private static async Task<T> QueryAsync<T>(TestStore store, Func<Core.Persistence.GuardrailDb, Task<T>> query)
    {
        await using var scope = store.Scope();
        return await query(scope.ServiceProvider.GetRequiredService<Core.Persistence.GuardrailDb>());
    }

    public static async Task Reimporting_the_same_snapshot_changes_nothing(TestStore store)
    {
        var snapshot = Snapshot("kubernetes",
            [Ci("k8s:a/shop/deployment/cart", CiClass.Workload, "cart", "cart:1"), Ci("k8s:a/shop/service/redis", CiClass.KubernetesService, "redis")],
            [new("k8s:a/shop/deployment/cart", RelationshipType.DependsOn, "k8s:a/shop/service/redis")]);

        var first = await ImportAsync(store, snapshot);
        var versionsAfterFirst = await QueryAsync(store, db => db.CiVersions.CountAsync());
        var second = await ImportAsync(store, snapshot);

        Assert.Equal((2, 0, 0, 1), (first.Run.Created, first.Run.Updated, first.Run.Retired, first.Run.RelationshipsCreated));
        Assert.Equal((0, 0, 0, 2, 0, 0), (second.Run.Created, second.Run.Updated, second.Run.Retired, second.Run.Unchanged, second.Run.RelationshipsCreated, second.Run.RelationshipsRetired));
        Assert.Equal(versionsAfterFirst, await QueryAsync(store, db => db.CiVersions.CountAsync()));
    }

    public static async Task A_dry_run_reports_and_writes_nothing(TestStore store)
    {
        await ImportAsync(store, Snapshot("kubernetes", [Ci("k8s:a/x/deployment/old", CiClass.Workload, "old"), Ci("k8s:a/x/deployment/kept", CiClass.Workload, "kept", "v1")]), "dry");
        var cisBefore = await QueryAsync(store, db => db.ConfigurationItems.CountAsync());
        var runsBefore = await QueryAsync(store, db => db.ImportRuns.CountAsync());

        var plan = await ImportAsync(store, Snapshot("kubernetes",
            [Ci("k8s:a/x/deployment/kept", CiClass.Workload, "kept", "v2"), Ci("k8s:a/x/deployment/new", CiClass.Workload, "new")],
            links: [new("k8s:a/x/deployment/new", RelationshipType.PartOf, ["backstage:system:default/nowhere"], "label app.kubernetes.io/part-of")]), "dry", dryRun: true);

        Assert.Equal(["k8s:a/x/deployment/new"], plan.CreatedKeys);
        Assert.Equal(["k8s:a/x/deployment/kept"], plan.UpdatedKeys);
        Assert.Equal(["k8s:a/x/deployment/old"], plan.RetiredKeys);
        Assert.Single(plan.Unresolved);
        Assert.Equal(cisBefore, await QueryAsync(store, db => db.ConfigurationItems.CountAsync()));
        Assert.Equal(runsBefore, await QueryAsync(store, db => db.ImportRuns.CountAsync()));
        Assert.Contains("v1", (await QueryAsync(store, db => db.ConfigurationItems.SingleAsync(c => c.Key == "k8s:a/x/deployment/kept"))).Attributes, StringComparison.Ordinal);
    }

    public static async Task A_vanished_object_is_retired_with_its_history_and_comes_back(TestStore store)
    {
        var web = Ci("k8s:b/web/deployment/web", CiClass.Workload, "web", "web:1");
        var api = Ci("k8s:b/web/deployment/api", CiClass.Workload, "api");
        await ImportAsync(store, Snapshot("kubernetes", [web, api], [new(web.Key, RelationshipType.DependsOn, api.Key)]), "b");
        store.Clock.Advance(TimeSpan.FromHours(1));
        var beforeRetirement = store.Clock.GetUtcNow().UtcDateTime;
        store.Clock.Advance(TimeSpan.FromMinutes(1));

        var retiring = await ImportAsync(store, Snapshot("kubernetes", [web]), "b");

        Assert.Equal(["k8s:b/web/deployment/api"], retiring.RetiredKeys);
        Assert.Equal(1, retiring.Run.RelationshipsRetired);
        var retired = await QueryAsync(store, db => db.ConfigurationItems.SingleAsync(c => c.Key == api.Key));
        Assert.Equal(CiStatus.Retired, retired.Status);
        var history = await QueryAsync(store, db => db.CiVersions.Where(v => v.CiId == retired.Id).OrderBy(v => v.Version).ToListAsync());
        Assert.Equal([CiStatus.Active, CiStatus.Retired], history.Select(h => h.Status));
        Assert.Equal(history[1].ValidFrom, history[0].ValidTo);

        await using (var scope = store.Scope())
        {
            var cmdb = scope.ServiceProvider.GetRequiredService<ConfigurationItems>();
            var asOf = await cmdb.ListAsync(new CiQuery(Search: "api", AsOf: beforeRetirement), 50, null, CancellationToken.None);
            Assert.Contains(asOf.Value!.Items, c => c.Key == api.Key && c.Status == CiStatus.Active);
            var now = await cmdb.ListAsync(new CiQuery(Search: "api"), 50, null, CancellationToken.None);
            Assert.DoesNotContain(now.Value!.Items, c => c.Key == api.Key);
            var changes = await cmdb.ChangesSinceAsync(beforeRetirement, 50, null, CancellationToken.None);
            Assert.Contains(changes.Value!.Items, c => c.Ci.Key == api.Key && c.Ci.Status == "retired");
        }

        var back = await ImportAsync(store, Snapshot("kubernetes", [web, api]), "b");
        Assert.Equal(["k8s:b/web/deployment/api"], back.UpdatedKeys);
        Assert.Equal(CiStatus.Active, (await QueryAsync(store, db => db.ConfigurationItems.SingleAsync(c => c.Key == api.Key))).Status);
    }

    public static async Task Sources_merge_by_precedence_and_a_shared_ci_outlives_one_source(TestStore store)
    {
        var key = CiKeys.Repository("github.com/acme/payments");
        await ImportAsync(store, Snapshot("git", [new(key, CiClass.Repository, "payments (git)", new JsonObject { ["origin"] = "git@github.com:acme/payments.git", ["owners"] = "@acme/pay" })]), "payments-repo");
        await ImportAsync(store, Snapshot("backstage", [new(key, CiClass.Repository, "payments", new JsonObject { ["owners"] = "group:payments", ["lifecycle"] = "production" })]), "catalog");

        var merged = await QueryAsync(store, db => db.ConfigurationItems.SingleAsync(c => c.Key == key));
        var attributes = JsonNode.Parse(merged.Attributes)!;
        Assert.Equal("payments", merged.Name);
        Assert.Equal("group:payments", attributes["owners"]!.GetValue<string>());
        Assert.Equal("git@github.com:acme/payments.git", attributes["origin"]!.GetValue<string>());

        var catalogGone = await ImportAsync(store, Snapshot("backstage", []), "catalog");

        Assert.Empty(catalogGone.RetiredKeys);
        var remaining = await QueryAsync(store, db => db.ConfigurationItems.SingleAsync(c => c.Key == key));
        Assert.Equal(CiStatus.Active, remaining.Status);
        Assert.Equal("payments (git)", remaining.Name);
        Assert.Equal("@acme/pay", JsonNode.Parse(remaining.Attributes)!["owners"]!.GetValue<string>());
    }

    public static async Task A_ci_made_by_hand_is_never_retired_by_discovery(TestStore store)
    {
        await using (var scope = store.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<ConfigurationItems>().CreateAsync(
                new CiRequest("db:legacy-oracle", "database", "Legacy Oracle"), new Actor("user:alice"), CancellationToken.None);
            Assert.True(created.Succeeded, created.Error?.Message);
            Assert.True(created.Value!.IsManual);
        }
        await ImportAsync(store, Snapshot("terraform", [Ci("db:legacy-oracle", CiClass.Database, "oracle-tf")]), "legacy");

        var outcome = await ImportAsync(store, Snapshot("terraform", []), "legacy");

        Assert.Empty(outcome.RetiredKeys);
        var ci = await QueryAsync(store, db => db.ConfigurationItems.SingleAsync(c => c.Key == "db:legacy-oracle"));
        Assert.Equal((CiStatus.Active, "Legacy Oracle"), (ci.Status, ci.Name));
    }

    public static async Task A_change_by_hand_outranks_discovery_until_it_is_retired(TestStore store)
    {
        const string cart = "k8s:h/shop/deployment/cart", web = "k8s:h/shop/deployment/web";
        var alice = new Actor("user:alice");
        await ImportAsync(store, Snapshot("kubernetes", [Ci(cart, CiClass.Workload, "cart", "cart:1"), Ci(web, CiClass.Workload, "web")]), "hand");

        await using (var scope = store.Scope())
        {
            var cmdb = scope.ServiceProvider.GetRequiredService<ConfigurationItems>();
            var read = (await cmdb.FindAsync(cart, CancellationToken.None)).Value!;
            var stale = await cmdb.UpdateAsync(cart, new CiRequest(null, null, "Cart", Version: read.Version + 1), alice, CancellationToken.None);
            Assert.Equal("concurrency.stale_version", stale.Error!.Code);
            var renamedKey = await cmdb.UpdateAsync(cart, new CiRequest("k8s:h/shop/deployment/basket", null, null, Version: read.Version), alice, CancellationToken.None);
            Assert.Equal(["key"], renamedKey.Error!.Fields!.Keys);

            var edited = (await cmdb.UpdateAsync(cart, new CiRequest(null, null, "Cart (by hand)",
                Attributes: new JsonObject { ["owner"] = "team-cart", ["image"] = "cart:hand" }, Version: read.Version), alice, CancellationToken.None)).Value!;
            Assert.Equal(("Cart (by hand)", read.Version + 1), (edited.Name, edited.Version));
            Assert.Equal("cart:hand", JsonNode.Parse(edited.Attributes)!["image"]!.GetValue<string>());
            Assert.Equal("ci.discovered", (await cmdb.RetireAsync(web, null, alice, CancellationToken.None)).Error!.Code);
        }

        await ImportAsync(store, Snapshot("kubernetes", [Ci(cart, CiClass.Workload, "cart", "cart:2"), Ci(web, CiClass.Workload, "web")]), "hand");

        await using (var scope = store.Scope())
        {
            var cmdb = scope.ServiceProvider.GetRequiredService<ConfigurationItems>();
            var afterImport = (await cmdb.FindAsync(cart, CancellationToken.None)).Value!;
            Assert.Equal(("Cart (by hand)", "cart:hand"), (afterImport.Name, JsonNode.Parse(afterImport.Attributes)!["image"]!.GetValue<string>()));

            var unset = (await cmdb.UpdateAsync(cart, new CiRequest(null, null, null, Attributes: new JsonObject { ["image"] = null }, Version: afterImport.Version), alice, CancellationToken.None)).Value!;
            var attributes = JsonNode.Parse(unset.Attributes)!;
            Assert.Equal(("cart:2", "team-cart"), (attributes["image"]!.GetValue<string>(), attributes["owner"]!.GetValue<string>()));

            var back = (await cmdb.RetireAsync(cart, unset.Version, alice, CancellationToken.None)).Value!;
            Assert.Equal((CiStatus.Active, "cart"), (back.Status, back.Name));
            Assert.Null(JsonNode.Parse(back.Attributes)!["owner"]);
            var history = await cmdb.HistoryAsync(back.Id, CancellationToken.None);
            // The second import changed only an attribute the hand edit outranks: no version of its own.
            Assert.Equal(["token:ci-pipeline", "user:alice", "user:alice", "user:alice"], history.Select(v => v.ChangedBy));
            Assert.Single(history, v => v.ValidTo is null);
        }
    }

    public static async Task A_ci_made_by_hand_is_retired_by_hand_with_its_history(TestStore store)
    {
        var alice = new Actor("user:alice");
        await using var scope = store.Scope();
        var cmdb = scope.ServiceProvider.GetRequiredService<ConfigurationItems>();
        var created = (await cmdb.CreateAsync(new CiRequest("db:hand-retired", "database", "Legacy"), alice, CancellationToken.None)).Value!;

        Assert.Equal("concurrency.stale_version", (await cmdb.RetireAsync("db:hand-retired", created.Version + 1, alice, CancellationToken.None)).Error!.Code);
        var retired = (await cmdb.RetireAsync("db:hand-retired", created.Version, alice, CancellationToken.None)).Value!;

        Assert.Equal(CiStatus.Retired, retired.Status);
        Assert.Equal([CiStatus.Active, CiStatus.Retired], (await cmdb.HistoryAsync(retired.Id, CancellationToken.None)).Select(v => v.Status));
        Assert.Equal("ci.retired", (await cmdb.RetireAsync("db:hand-retired", null, alice, CancellationToken.None)).Error!.Code);
    }

    /// <summary>payments-db ← ledger ← payments-api ← checkout (k8s service) ← web; ledger part of a business-service CI.</summary>
    public static async Task Impact_walks_both_ways_with_paths_depth_limits_and_business_services(TestStore store)
    {
        const string db = "tf:prod/aws_db_instance.payments", ledger = "k8s:p/pay/deployment/ledger", api = "k8s:p/pay/deployment/payments-api",
            svc = "k8s:p/pay/service/payments-api", web = "k8s:p/web/deployment/web", business = "backstage:system:default/card-payments";
        await ImportAsync(store, Snapshot("kubernetes",
            [Ci(ledger, CiClass.Workload, "ledger"), Ci(api, CiClass.Workload, "payments-api"), Ci(svc, CiClass.KubernetesService, "payments-api"),
             Ci(web, CiClass.Workload, "web"), Ci(db, CiClass.Database, "payments-db"), Ci(business, CiClass.BusinessService, "Card payments")],
            [new(ledger, RelationshipType.DependsOn, db), new(api, RelationshipType.DependsOn, ledger), new(svc, RelationshipType.RoutesTo, api),
             new(web, RelationshipType.DependsOn, svc), new(ledger, RelationshipType.PartOf, business), new(web, RelationshipType.OwnedBy, db)]), "impact");

        await using var scope = store.Scope();
        var cmdb = scope.ServiceProvider.GetRequiredService<ConfigurationItems>();
        var downstream = (await cmdb.ImpactAsync(db, ImpactDirection.Downstream, null, null, null, CancellationToken.None)).Value!;
        var byKey = downstream.Items.ToDictionary(i => i.Ci.Key);

        Assert.Equal(new[] { ledger, api, business, svc, web }.Order(), downstream.Items.Select(i => i.Ci.Key).Order());
        Assert.Equal(5, downstream.Total);
        Assert.Equal(4, byKey[web].Depth);
        Assert.Equal([downstream.Root.Id, byKey[ledger].Ci.Id, byKey[api].Ci.Id, byKey[svc].Ci.Id, byKey[web].Ci.Id], byKey[web].Path);
        Assert.Equal(["Card payments"], downstream.BusinessServiceCis.Select(b => b.Name));

        var shallow = (await cmdb.ImpactAsync(db, ImpactDirection.Downstream, 2, null, null, CancellationToken.None)).Value!;
        Assert.Equal(new[] { api, business, ledger }.Order(), shallow.Items.Select(i => i.Ci.Key).Order());

        var upstream = (await cmdb.ImpactAsync("workload/web", ImpactDirection.Upstream, null, null, null, CancellationToken.None)).Value!;
        Assert.Equal(new[] { db, ledger, api, svc }.Order(), upstream.Items.Select(i => i.Ci.Key).Order());

        var firstPage = (await cmdb.ImpactAsync(db, ImpactDirection.Downstream, null, 2, null, CancellationToken.None)).Value!;
        var secondPage = (await cmdb.ImpactAsync(db, ImpactDirection.Downstream, null, 2, firstPage.NextCursor, CancellationToken.None)).Value!;
        var lastPage = (await cmdb.ImpactAsync(db, ImpactDirection.Downstream, null, 2, secondPage.NextCursor, CancellationToken.None)).Value!;
        Assert.Equal((5, true, true, false), (firstPage.Total, firstPage.Truncated, secondPage.Truncated, lastPage.Truncated));
        Assert.Null(lastPage.NextCursor);
        Assert.Equal(downstream.Items.Select(i => i.Ci.Key), firstPage.Items.Concat(secondPage.Items).Concat(lastPage.Items).Select(i => i.Ci.Key));
        Assert.Equal(downstream.Items.Select(i => i.Path), (await cmdb.ImpactAsync(db, ImpactDirection.Downstream, null, null, null, CancellationToken.None)).Value!.Items.Select(i => i.Path));

        Assert.True((await cmdb.RelateAsync(new RelationshipRequest(web, "depends-on", db), new Actor("user:alice"), CancellationToken.None)).Succeeded);
        var stale = await cmdb.ImpactAsync(db, ImpactDirection.Downstream, null, 2, firstPage.NextCursor, CancellationToken.None);
        Assert.Equal("impact.graph_changed", stale.Error!.Code);
    }

    public static async Task Links_attach_cis_to_catalogue_services_and_to_other_sources(TestStore store)
    {
        await using (var scope = store.Scope())
        {
            var teams = scope.ServiceProvider.GetRequiredService<Core.ServiceCatalog.TeamDirectory>();
            await teams.CreateAsync(new TeamRequest("links-team", "Links"), Actor.System, CancellationToken.None);
            var services = scope.ServiceProvider.GetRequiredService<Core.ServiceCatalog.ServiceRegistry>();
            Assert.True((await services.CreateAsync(new ServiceRequest("checkout", "Checkout", "technical", "tier1", "links-team"), Actor.System, CancellationToken.None)).Succeeded);
        }
        await ImportAsync(store, Snapshot("backstage", [Ci("backstage:component:default/checkout", CiClass.TechnicalService, "checkout")]), "links-catalog");

        var outcome = await ImportAsync(store, Snapshot("kubernetes",
            [Ci("k8s:l/shop/deployment/checkout", CiClass.Workload, "checkout")],
            links:
            [
                new("k8s:l/shop/deployment/checkout", RelationshipType.PartOf, ["backstage:component:default/checkout", "service:checkout"], "label app.kubernetes.io/name"),
                new("k8s:l/shop/deployment/checkout", RelationshipType.PartOf, ["backstage:system:default/missing", "service:checkout"], "label app.kubernetes.io/part-of"),
            ]), "links");

        Assert.Equal(1, outcome.Run.RelationshipsCreated);
        Assert.Empty(outcome.Unresolved);
        var workload = await QueryAsync(store, db => db.ConfigurationItems.SingleAsync(c => c.Key == "k8s:l/shop/deployment/checkout"));
        Assert.NotNull(workload.ServiceId);
    }
}
