using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Guardrail.Contracts;

namespace Guardrail.Server.Tests.Support;

/// <summary>Sets up integrations, services and environments through the API, and signs deliveries the way each tool does.</summary>
internal static class Webhooks
{
    public static async Task<(long Id, string Secret)> CreateIntegrationAsync(HttpClient admin, string kind, string? name = null, bool signed = false, string? secret = null)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/integrations", new CreateIntegrationRequest(kind, name, null, secret, signed));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        return (created["integration"]!["id"]!.GetValue<long>(), created["secret"]!.GetValue<string>());
    }

    /// <summary>
    /// A team, a service and a production environment, plus a rule mapping deployments of <paramref name="repository"/> to
    /// <paramref name="toolEnvironment"/> onto them.
    /// </summary>
    public static async Task<(string Service, string Environment)> CreateProductionServiceAsync(HttpClient admin, string? repository = null, string toolEnvironment = "production")
    {
        var team = Json.Unique("team");
        var service = Json.Unique("svc");
        var environment = Json.Unique("prod");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/teams", new TeamRequest(team, "Team " + team))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/services",
            new ServiceRequest(service, "Service " + service, "technical", "tier2", team))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/environments",
            new EnvironmentRequest(environment, "Production " + environment, "production"))).StatusCode);
        if (repository is not null)
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/deployments/mapping-rules",
                new MappingRuleRequest(repository, null, toolEnvironment, service, environment))).StatusCode);
        return (service, environment);
    }

    /// <summary>A GitHub payload from the corpus moved to a repository of the test's own, so tests never share records.</summary>
    public static JsonNode GithubPayload(string corpusPath, string repository)
    {
        var payload = JsonNode.Parse(Corpus.Bytes(corpusPath))!;
        payload["repository"]!["html_url"] = $"https://{repository}";
        payload["repository"]!["full_name"] = repository["github.com/".Length..];
        return payload;
    }

    public static HttpRequestMessage Github(string path, string secret, string eventType, byte[] body, string? deliveryId = null)
    {
        var request = Raw(path, body);
        request.Headers.Add("X-GitHub-Event", eventType);
        request.Headers.Add("X-GitHub-Delivery", deliveryId ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Hmac(secret, body));
        return request;
    }

    public static HttpRequestMessage Raw(string path, byte[] body, string contentType = "application/json") =>
        new(HttpMethod.Post, path) { Content = new ByteArrayContent(body) { Headers = { { "Content-Type", contentType } } } };

    public static string Hmac(string secret, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    /// <summary>Waits until the processor has dealt with a delivery and returns it; a test fails after a minute rather than hang.</summary>
    public static async Task<JsonNode> ProcessedAsync(HttpClient admin, long deliveryId)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var delivery = await (await admin.GetAsync($"/api/v1/deliveries/{deliveryId}")).ReadJsonAsync();
            if (delivery["delivery"]!["status"]!.GetValue<string>() != "pending")
                return delivery["delivery"]!;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Delivery {deliveryId} was not processed.");
    }

    public static async Task<long> AcceptedIdAsync(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<long>();
    }
}
