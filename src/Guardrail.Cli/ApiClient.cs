using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrail.Cli;

/// <summary>The outcome of one API call: the JSON body, or the exit code and message to stop with; no status when unreachable.</summary>
internal sealed record ApiResult(JsonNode? Body, int ExitCode, HttpStatusCode? Status = null)
{
    public bool Succeeded => ExitCode == ExitCodes.Success;

    /// <summary>The body as the Contracts type the endpoint answers with.</summary>
    public T Read<T>() => ApiClient.Read<T>(Body);
}

/// <summary>Talks to a Guardrail server and turns its ProblemDetails into a printed error and an exit code.</summary>
internal sealed class ApiClient(HttpClient http, TextWriter errors)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Large imports take minutes on big inputs; every other call answers in well under the default.</summary>
    public static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(30);

    public static ApiClient Create(string server, string? token, TextWriter errors, HttpMessageHandler? handler = null, TimeSpan? timeout = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.BaseAddress = new Uri(server.TrimEnd('/') + "/");
        http.Timeout = timeout ?? TimeSpan.FromSeconds(100);
        if (!string.IsNullOrEmpty(token))
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ApiClient(http, errors);
    }

    public Task<ApiResult> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<ApiResult> PostAsync<T>(string path, T body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) }, cancellationToken);

    public Task<ApiResult> PostAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path), cancellationToken);

    public Task<ApiResult> PutAsync<T>(string path, T body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, options: Json) }, cancellationToken);

    public Task<ApiResult> PatchAsync<T>(string path, T body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(body, options: Json) }, cancellationToken);

    public Task<ApiResult> PostContentAsync(string path, HttpContent content, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, cancellationToken);

    public Task<ApiResult> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken);

    public static T Read<T>(JsonNode? node) =>
        node.Deserialize<T>(Json) ?? throw new JsonException($"The server answered null where a {typeof(T).Name} was expected.");

    /// <summary>The path with the parameters that have a value, escaped.</summary>
    public static string WithQuery(string path, params (string Name, string? Value)[] parameters)
    {
        var query = string.Join('&', parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        return query.Length == 0 ? path : $"{path}?{query}";
    }

    /// <summary>Follows <c>nextCursor</c> until the list ends or <paramref name="max"/> items were read.</summary>
    public async Task<(List<JsonNode> Items, int ExitCode)> ListAllAsync(string path, int? max, CancellationToken cancellationToken)
    {
        var items = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = await GetAsync(cursor is null ? $"{path}{separator}limit=500" : $"{path}{separator}limit=500&cursor={Uri.EscapeDataString(cursor)}", cancellationToken);
            if (!page.Succeeded)
                return (items, page.ExitCode);
            items.AddRange(page.Body!["items"]!.AsArray().Select(item => item!));
            cursor = page.Body["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null && (max is null || items.Count < max));
        return (max is null ? items : [.. items.Take(max.Value)], ExitCodes.Success);
    }

    private async Task<ApiResult> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException failure)
        {
            await errors.WriteLineAsync($"error: cannot reach {http.BaseAddress}: {failure.Message}");
            return new ApiResult(null, ExitCodes.Unavailable);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var body = string.IsNullOrWhiteSpace(text) ? null : TryParse(text);
            if (response.IsSuccessStatusCode)
                return new ApiResult(body, ExitCodes.Success, response.StatusCode);
            await ReportProblemAsync(response.StatusCode, body);
            return new ApiResult(body, (int)response.StatusCode >= 500 ? ExitCodes.Unavailable : ExitCodes.Refused, response.StatusCode);
        }
    }

    private async Task ReportProblemAsync(HttpStatusCode status, JsonNode? problem)
    {
        var code = problem?["code"]?.GetValue<string>() ?? "unknown";
        var detail = problem?["detail"]?.GetValue<string>() ?? problem?["title"]?.GetValue<string>() ?? status.ToString();
        await errors.WriteLineAsync($"error: {detail} [{code}] (HTTP {(int)status})");
        if (problem?["errors"] is JsonObject fields)
        {
            foreach (var (field, messages) in fields)
                foreach (var message in messages?.AsArray() ?? [])
                    await errors.WriteLineAsync($"  {field}: {message}");
        }
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
