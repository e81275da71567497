using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Incidents;

/// <summary>The incident endpoints as tests call them, with the parts of their answers tests read.</summary>
internal static class IncidentCalls
{
    public static async Task<JsonNode> CreateAsync(HttpClient client, IncidentRequest request) =>
        await ExpectAsync(await client.PostAsJsonAsync("/api/v1/incidents", request), HttpStatusCode.Created);

    public static async Task<JsonNode> GetAsync(HttpClient client, string number) =>
        await ExpectAsync(await client.GetAsync($"/api/v1/incidents/{number}"), HttpStatusCode.OK);

    public static Task<HttpResponseMessage> MoveAsync(HttpClient client, string number, string action, long version, string? reason = null, string? notes = null) =>
        client.PostAsJsonAsync($"/api/v1/incidents/{number}/transitions", new IncidentTransitionRequest(action, version, reason, notes));

    public static async Task<JsonNode> MovedAsync(HttpClient client, JsonNode detail, string action, string? reason = null, string? notes = null) =>
        await ExpectAsync(await MoveAsync(client, Number(detail), action, Version(detail), reason, notes), HttpStatusCode.OK);

    public static async Task<JsonArray> ListAsync(HttpClient client, string query) =>
        (await ExpectAsync(await client.GetAsync($"/api/v1/incidents?{query}"), HttpStatusCode.OK))["items"]!.AsArray();

    public static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    /// <summary>Asserts a refusal's status and stable code, and returns its body.</summary>
    public static async Task<JsonNode> RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await ExpectAsync(response, status);
        Assert.Equal(code, Text(body["code"]));
        return body;
    }

    public static string Number(JsonNode detail) => Text(detail["incident"]!["number"]);

    public static long Version(JsonNode detail) => detail["incident"]!["version"]!.GetValue<long>();

    public static string State(JsonNode detail) => Text(detail["incident"]!["state"]);

    public static string[] Kinds(JsonNode detail) => [.. detail["timeline"]!.AsArray().Select(e => Text(e!["kind"]))];

    public static string Text(JsonNode? node) => node!.GetValue<string>();
}
