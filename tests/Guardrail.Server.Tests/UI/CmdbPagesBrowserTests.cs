using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Common;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guardrail.Server.Tests.UI;

public sealed class CmdbPagesBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_reader_finds_a_database_sees_its_dependents_and_draws_its_blast_radius()
    {
        var shop = await SeedShopAsync();
        var page = await app.NewPageAsync();
        await ServicePagesBrowserTests.SignInAsync(page, await app.CreateUserAsync(Role.Reader));

        await page.GotoAsync("/cmdb");
        await page.Locator("input[name=q]").FillAsync(shop.Database);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var rows = page.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.Locator(".badge")).ToHaveTextAsync("database");

        await rows.First.GetByRole(AriaRole.Link, new() { Name = shop.Database }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(shop.Database);
        await Expect(page.Locator("dl.facts")).ToContainTextAsync($"kubernetes:{shop.Scope}");
        await Expect(page.Locator("table.attributes")).ToContainTextAsync("postgres:16");
        var incoming = page.Locator("#incoming tbody tr");
        await Expect(incoming).ToHaveCountAsync(2);
        await Expect(page.Locator("#incoming")).ToContainTextAsync(shop.Api);
        await Expect(page.Locator("#incoming")).ToContainTextAsync(shop.Worker);
        await Expect(page.Locator("#outgoing")).ToContainTextAsync("None.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Neighbourhood" }).ClickAsync();
        await Expect(page.Locator("#graph canvas").First).ToBeAttachedAsync();
        await Expect(page.Locator("#graph")).ToHaveAttributeAsync("data-node-count", "3");

        await page.GetByRole(AriaRole.Link, new() { Name = "Blast radius" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"Blast radius of {shop.Database}");
        await Expect(page.Locator("#graph canvas").First).ToBeAttachedAsync();
        // The database, the two workloads that depend on it and the Kubernetes service that routes to one of them.
        await Expect(page.Locator("#graph")).ToHaveAttributeAsync("data-node-count", "4");
        await Expect(page.Locator("#impact-total")).ToContainTextAsync("3 items are impacted within 3 hops");

        await page.Locator("input[name=depth]").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.Locator("#graph")).ToHaveAttributeAsync("data-node-count", "3");
    }

    [Fact]
    public async Task The_import_runs_page_lists_a_run_with_its_counts_and_its_unresolved_references()
    {
        var shop = await SeedShopAsync();
        var page = await app.NewPageAsync();
        await ServicePagesBrowserTests.SignInAsync(page, await app.CreateUserAsync(Role.Reader));

        await page.GotoAsync("/cmdb");
        await page.GetByRole(AriaRole.Link, new() { Name = "Import runs" }).ClickAsync();
        var row = page.Locator("#import-runs tbody tr", new() { HasText = shop.Scope });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("[data-count=created]")).ToHaveTextAsync("4");
        await Expect(row.Locator("[data-count=updated]")).ToHaveTextAsync("0");
        await Expect(row.Locator("[data-count=relationships]")).ToHaveTextAsync("3 / 0");
        await Expect(row.Locator("[data-count=unresolved]")).ToHaveTextAsync("1");
        await Expect(row.Locator("[data-count=warnings]")).ToHaveTextAsync("1");

        await row.GetByRole(AriaRole.Link, new() { Name = $"#{shop.RunId}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"Import run #{shop.RunId}");
        await Expect(page.Locator("#unresolved")).ToContainTextAsync("payments-gateway:8443");
        await Expect(page.GetByText("Kind CronJob is not supported")).ToBeVisibleAsync();
    }

    private sealed record Shop(string Scope, long RunId, string Database, string Api, string Worker);

    /// <summary>A database two workloads depend on, one of them behind a Kubernetes service, imported as one Kubernetes scope of its own.</summary>
    private async Task<Shop> SeedShopAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var scope = $"ui-test-{Guid.NewGuid():N}";
        var ns = $"shop-{suffix}";
        var shop = new { Database = $"orders-db-{suffix}", Api = $"orders-api-{suffix}", Worker = $"billing-worker-{suffix}", Service = $"orders-{suffix}" };
        string Key(string kind, string name) => $"k8s/{ns}/{kind}/{name}";
        DiscoveredCi[] items =
        [
            new(Key("statefulset", shop.Database), CiClass.Database, shop.Database, new JsonObject { ["image"] = "postgres:16", ["replicas"] = 1 }) { Scope = ns },
            new(Key("deployment", shop.Api), CiClass.Workload, shop.Api, new JsonObject { ["labels"] = new JsonObject { ["app"] = "orders" } }) { Scope = ns },
            new(Key("deployment", shop.Worker), CiClass.Workload, shop.Worker, []) { Scope = ns },
            new(Key("service", shop.Service), CiClass.KubernetesService, shop.Service, []) { Scope = ns },
        ];
        DiscoveredRelationship[] relationships =
        [
            new(Key("deployment", shop.Api), RelationshipType.DependsOn, Key("statefulset", shop.Database)) { Evidence = $"env DATABASE_HOST={shop.Database}" },
            new(Key("deployment", shop.Worker), RelationshipType.DependsOn, Key("statefulset", shop.Database)),
            new(Key("service", shop.Service), RelationshipType.RoutesTo, Key("deployment", shop.Api)),
        ];
        using var services = app.Services.CreateScope();
        var imported = await services.ServiceProvider.GetRequiredService<Reconciliation>().ImportAsync(
            new DiscoveryResult("kubernetes", items, relationships, [],
                [new UnresolvedReference(Key("deployment", shop.Api), "payments-gateway:8443", "No Service named payments-gateway.")],
                [new DiscoveryWarning("cron.yaml", "Kind CronJob is not supported.")]),
            scope, 1, dryRun: false, Actor.System, CancellationToken.None);
        Assert.True(imported.Succeeded, imported.Succeeded ? null : imported.Error.Message);
        await services.ServiceProvider.GetRequiredService<CmdbGraph>().RefreshAsync(CancellationToken.None);
        return new Shop(scope, imported.Value.Run.Id, shop.Database, shop.Api, shop.Worker);
    }
}
