using System.Net;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Operations;

public sealed class OperationsTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task Liveness_and_readiness_answer_without_credentials()
    {
        var client = app.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", await client.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task Prometheus_metrics_include_http_and_database_timings()
    {
        var client = await app.ClientAsAsync(Role.Reader);
        await client.GetAsync("/api/v1/services");

        var metrics = await client.GetStringAsync("/metrics");

        Assert.Contains("http_request_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("guardrail_db_command_duration_seconds_count{outcome=\"ok\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_version_3_1_and_describes_the_api()
    {
        var client = await app.ClientAsAsync(Role.Reader);

        var document = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync();

        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/services/{service}", paths);
        Assert.Contains("/api/v1/audit/verify", paths);
        Assert.NotNull(document["components"]!["securitySchemes"]!["bearer"]);
    }

    [Fact]
    public async Task The_reference_page_is_served_at_docs()
    {
        var client = await app.ClientAsAsync(Role.Reader);

        var response = await client.GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
