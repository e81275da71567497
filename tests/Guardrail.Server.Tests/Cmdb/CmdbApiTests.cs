using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Cmdb;

/// <summary>CIs changed and retired by hand through the API, with the version the caller read.</summary>
public sealed class CmdbApiTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task A_ci_made_by_hand_is_changed_with_its_version_then_retired()
    {
        var client = await app.ClientAsAsync(Role.Admin);
        var key = Json.Unique("db:hand");
        var created = await (await client.PostJsonAsync("/api/v1/cmdb/cis", new { key, @class = "database", name = "Orders DB" })).ReadJsonAsync();
        var path = $"/api/v1/cmdb/cis/{Uri.EscapeDataString(key)}";

        var stale = await client.PatchAsJsonAsync(path, new { name = "Orders", version = 99 });
        var changed = await client.PatchAsJsonAsync(path, new { name = "Orders", attributes = new JsonObject { ["engine"] = "postgres" }, version = created["version"]!.GetValue<long>() });
        var body = await changed.ReadJsonAsync();
        var staleDelete = await client.DeleteAsync($"{path}?version=1");
        var deleted = await client.DeleteAsync($"{path}?version={body["version"]!.GetValue<long>()}");

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("concurrency.stale_version", (await stale.ReadJsonAsync())["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(("Orders", "postgres", 2), (body["name"]!.GetValue<string>(), body["attributes"]!["engine"]!.GetValue<string>(), body["version"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Conflict, staleDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("retired", (await (await client.GetAsync(path)).ReadJsonAsync())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_discovered_ci_takes_changes_by_hand_but_is_retired_only_by_its_source()
    {
        var client = await app.ClientAsAsync(Role.Admin);
        var scope = Json.Unique("hand");
        using var manifest = new StringContent($"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: api, namespace: shop}}\nspec: {{replicas: 2}}\n");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/cmdb/imports/kubernetes?scope={scope}", manifest)).StatusCode);
        var path = $"/api/v1/cmdb/cis/{Uri.EscapeDataString($"k8s:{scope}/shop/deployment/api")}";
        var read = await (await client.GetAsync(path)).ReadJsonAsync();

        var refused = await client.DeleteAsync(path);
        var changed = await (await client.PatchAsJsonAsync(path, new { attributes = new JsonObject { ["replicas"] = 5 }, version = read["version"]!.GetValue<long>() })).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("ci.discovered", (await refused.ReadJsonAsync())["code"]!.GetValue<string>());
        Assert.Equal(5, changed["attributes"]!["replicas"]!.GetValue<int>());
        Assert.Equal([$"kubernetes:{scope}", "manual:manual"], changed["sources"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(path)).StatusCode);
        var restored = await (await client.GetAsync(path)).ReadJsonAsync();
        Assert.Equal(("active", 2), (restored["status"]!.GetValue<string>(), restored["attributes"]!["replicas"]!.GetValue<int>()));
    }
}
