using System.Net;
using System.Net.Http.Headers;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Cmdb;

/// <summary>A pipeline posting real manifests and state to the CMDB, then asking for impact.</summary>
public sealed class CmdbImportApiTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    private static readonly string s_corpus = Path.Combine(RepositoryRoot(), "..", "shared", "corpus");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Guardrail.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Guardrail.slnx not found above the test binaries.");
    }

    private static MultipartFormDataContent Files(params string[] corpusPaths)
    {
        var form = new MultipartFormDataContent();
        foreach (var path in corpusPaths)
        {
            var content = new ByteArrayContent(File.ReadAllBytes(Path.Combine(s_corpus, path)));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", Path.GetFileName(path));
        }
        return form;
    }

    [Fact]
    public async Task Online_boutique_imports_once_then_reimports_unchanged_and_answers_impact()
    {
        var client = await app.ClientAsAsync(Role.Admin);
        var scope = Json.Unique("boutique");

        var dry = await (await client.PostAsync($"/api/v1/cmdb/imports/kubernetes?scope={scope}&dryRun=true", Files("kubernetes/online-boutique/kubernetes-manifests.yaml"))).ReadJsonAsync();
        var first = await (await client.PostAsync($"/api/v1/cmdb/imports/kubernetes?scope={scope}", Files("kubernetes/online-boutique/kubernetes-manifests.yaml"))).ReadJsonAsync();
        var again = await (await client.PostAsync($"/api/v1/cmdb/imports/kubernetes?scope={scope}", Files("kubernetes/online-boutique/kubernetes-manifests.yaml"))).ReadJsonAsync();

        // 12 Deployments + 12 Services + the namespace + the cluster.
        Assert.Equal(26, dry["run"]!["created"]!.GetValue<int>());
        Assert.Null(dry["run"]!["id"]);
        Assert.Equal(26, first["run"]!["created"]!.GetValue<int>());
        Assert.Equal(1, first["run"]!["unresolved"]!.GetValue<int>());
        Assert.Equal("shoppingassistantservice", first["unresolved"]![0]!["reference"]!.GetValue<string>());
        Assert.Equal((0, 0, 0, 26), (again["run"]!["created"]!.GetValue<int>(), again["run"]!["updated"]!.GetValue<int>(), again["run"]!["retired"]!.GetValue<int>(), again["run"]!["unchanged"]!.GetValue<int>()));

        var redis = Uri.EscapeDataString($"k8s:{scope}/default/service/redis-cart");
        var impact = await (await client.GetAsync($"/api/v1/cmdb/cis/{redis}/impact")).ReadJsonAsync();
        var names = impact["items"]!.AsArray().Select(i => $"{i!["ci"]!["class"]}/{i["ci"]!["name"]}").ToList();
        Assert.Contains("workload/cartservice", names);
        Assert.Contains("workload/checkoutservice", names);
        Assert.Contains("workload/frontend", names);
        Assert.DoesNotContain("workload/paymentservice", names);
    }

    [Fact]
    public async Task Removing_a_document_from_the_scope_retires_what_it_described()
    {
        var client = await app.ClientAsAsync(Role.Admin);
        var scope = Json.Unique("bookinfo");
        await client.PostAsync($"/api/v1/cmdb/imports/kubernetes?scope={scope}", Files("kubernetes/bookinfo/bookinfo.yaml", "kubernetes/bookinfo/bookinfo-db.yaml", "kubernetes/bookinfo/bookinfo-ratings-v2.yaml"));

        var shrunk = await (await client.PostAsync($"/api/v1/cmdb/imports/kubernetes?scope={scope}", Files("kubernetes/bookinfo/bookinfo.yaml"))).ReadJsonAsync();

        var retired = shrunk["retired"]!.AsArray().Select(k => k!.GetValue<string>()).Order().ToList();
        Assert.Equal([$"k8s:{scope}/default/deployment/mongodb-v1", $"k8s:{scope}/default/deployment/ratings-v2", $"k8s:{scope}/default/service/mongodb"], retired);
        var history = await (await client.GetAsync($"/api/v1/cmdb/cis/{Uri.EscapeDataString(retired[0])}/history")).ReadJsonAsync();
        Assert.Equal(["active", "retired"], history.AsArray().Select(v => v!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_unreadable_document_is_a_400_naming_the_line_and_nothing_is_imported()
    {
        var client = await app.ClientAsAsync(Role.Admin);
        var scope = Json.Unique("broken");
        var body = new StringContent("apiVersion: v1\nkind: Service\nmetadata: {name: ok}\n---\nkind: [\n", System.Text.Encoding.UTF8, "application/yaml");

        var response = await client.PostAsync($"/api/v1/cmdb/imports/kubernetes?scope={scope}&document=broken.yaml", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("cmdb.invalid_document", problem["code"]!.GetValue<string>());
        Assert.Contains("line", problem["errors"]!["broken.yaml"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var runs = await (await client.GetAsync("/api/v1/cmdb/imports?limit=500")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(scope, runs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_terraform_state_of_another_version_is_refused()
    {
        var client = await app.ClientAsAsync(Role.Admin);
        var body = new StringContent("{\"version\": 3, \"modules\": []}", System.Text.Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/v1/cmdb/imports/terraform?scope=old&document=old.tfstate", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("version 3", (await response.ReadJsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_manifests_posted_again_are_reconciled_with_what_the_cmdb_holds_now()
    {
        var client = await app.ClientAsAsync(Role.Admin);
        var scope = Json.Unique("relinked");
        var system = Json.Unique("shop");
        var manifest = $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {{app.kubernetes.io/part-of: {system}}}\n" +
            "spec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: web:1}]\n";
        Task<HttpResponseMessage> PostManifest() =>
            client.PostAsync($"/api/v1/cmdb/imports/kubernetes?scope={scope}&document=web.yaml", new StringContent(manifest, System.Text.Encoding.UTF8, "application/yaml"));

        var first = await (await PostManifest()).ReadJsonAsync();
        var catalog = new StringContent($"apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {{name: {system}}}\nspec: {{owner: team-a}}\n", System.Text.Encoding.UTF8, "application/yaml");
        await client.PostAsync($"/api/v1/cmdb/imports/backstage?scope={scope}&document=catalog-info.yaml", catalog);
        var again = await (await PostManifest()).ReadJsonAsync();

        // The workload runs on its namespace, which is part of the cluster; the system it names is not in the CMDB yet.
        Assert.Equal((2, 1), (first["run"]!["relationshipsCreated"]!.GetValue<int>(), first["run"]!["unresolved"]!.GetValue<int>()));
        Assert.Equal((1, 0, 3), (again["run"]!["relationshipsCreated"]!.GetValue<int>(), again["run"]!["unresolved"]!.GetValue<int>(), again["run"]!["unchanged"]!.GetValue<int>()));
        var web = Uri.EscapeDataString($"k8s:{scope}/default/deployment/web");
        var relationships = await (await client.GetAsync($"/api/v1/cmdb/cis/{web}/relationships")).ReadJsonAsync();
        Assert.Contains(relationships.AsArray(), r => r!["type"]!.GetValue<string>() == "part-of" && r["to"]!["key"]!.GetValue<string>() == $"backstage:system:default/{system}");
    }

    [Theory]
    [InlineData("terraform")]
    [InlineData("kubernetes")]
    public async Task A_blank_scope_is_a_400_problem_before_anything_is_read(string source)
    {
        var client = await app.ClientAsAsync(Role.Admin);
        var body = new StringContent("{\"version\": 4, \"resources\": []}", System.Text.Encoding.UTF8, "application/json");

        var response = await client.PostAsync($"/api/v1/cmdb/imports/{source}?scope=%20&document=state.json", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("validation.failed", problem["code"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]!["scope"]);
    }

    [Fact]
    public async Task An_unknown_source_is_a_404_problem()
    {
        var client = await app.ClientAsAsync(Role.Admin);

        var response = await client.PostAsync("/api/v1/cmdb/imports/ansible?scope=x", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("cmdb.unknown_source", (await response.ReadJsonAsync())["code"]!.GetValue<string>());
    }
}
