using System.Net.Http.Json;
using Guardrail.Core.Access;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.ServiceCatalog;

/// <summary>Two nodes over one store: each serves single services from memory and catches up with the other's writes.</summary>
public sealed class ServiceCatalogIndexTests
{
    [Fact]
    public async Task A_node_sees_its_own_writes_at_once_and_another_nodes_writes_after_a_refresh()
    {
        using var nodeA = new GuardrailApp();
        var a = await nodeA.ClientAsAsync(Role.Admin);
        using var nodeB = nodeA.WithWebHostBuilder(b => b.UseSetting("Storage:DataDirectory", nodeA.DataDirectory));
        var b = nodeB.CreateClient();
        b.DefaultRequestHeaders.Authorization = a.DefaultRequestHeaders.Authorization;
        var team = Json.Unique("index-team");
        var service = Json.Unique("index-svc");
        await a.PostJsonAsync("/api/v1/teams", new { key = team, name = "T" });
        await a.PostJsonAsync("/api/v1/services", new { key = service, name = "Original", kind = "technical", criticality = "tier3", ownerTeam = team });
        await nodeB.Services.GetRequiredService<ServiceCatalogIndex>().RefreshIfChangedAsync(CancellationToken.None);
        Assert.Equal("Original", (await (await b.GetAsync($"/api/v1/services/{service}")).ReadJsonAsync())["name"]!.GetValue<string>());

        var renamed = await a.PutAsJsonAsync($"/api/v1/services/{service}", new { key = service, name = "Renamed", kind = "technical", criticality = "tier3", ownerTeam = team, version = 1 });
        renamed.EnsureSuccessStatusCode();

        Assert.Equal("Renamed", (await (await a.GetAsync($"/api/v1/services/{service}")).ReadJsonAsync())["name"]!.GetValue<string>());
        Assert.Equal("Original", (await (await b.GetAsync($"/api/v1/services/{service}")).ReadJsonAsync())["name"]!.GetValue<string>());
        await nodeB.Services.GetRequiredService<ServiceCatalogIndex>().RefreshIfChangedAsync(CancellationToken.None);
        Assert.Equal("Renamed", (await (await b.GetAsync($"/api/v1/services/{service}")).ReadJsonAsync())["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Renaming_the_owning_team_shows_on_its_services()
    {
        using var app = new GuardrailApp();
        var admin = await app.ClientAsAsync(Role.Admin);
        var team = Json.Unique("owner");
        var service = Json.Unique("owned");
        await admin.PostJsonAsync("/api/v1/teams", new { key = team, name = "Old name" });
        await admin.PostJsonAsync("/api/v1/services", new { key = service, name = "S", kind = "technical", criticality = "tier4", ownerTeam = team });

        (await admin.PutAsJsonAsync($"/api/v1/teams/{team}", new { key = team, name = "New name", version = 1 })).EnsureSuccessStatusCode();

        var owner = (await (await admin.GetAsync($"/api/v1/services/{service}")).ReadJsonAsync())["ownerTeam"]!;
        Assert.Equal("New name", owner["name"]!.GetValue<string>());
    }
}
