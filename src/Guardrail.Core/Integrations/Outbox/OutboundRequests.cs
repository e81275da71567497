using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations.Signatures;

namespace Guardrail.Core.Integrations.Outbox;

/// <summary>
/// Turns an outbox message into the HTTP request its target's kind expects. Every request carries the message's
/// <c>Idempotency-Key</c> (the same on every attempt) and, when there is one, <c>X-Guardrail-Correlation-Id</c>.
/// Pipelines also get the correlation id among their inputs, so their own events can bring it back: a GitHub workflow
/// should put <c>${{ inputs.guardrail_correlation_id }}</c> (or <c>github.event.client_payload.guardrail_correlation_id</c>)
/// in its <c>run-name</c>, since <c>workflow_run</c> events carry only the name; GitLab and Jenkins receive it as the
/// variable or parameter <c>GUARDRAIL_CORRELATION_ID</c>.
/// </summary>
public static class OutboundRequests
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string CorrelationIdHeader = "X-Guardrail-Correlation-Id";
    public const string SignatureHeader = "X-Guardrail-Signature";
    public const string CorrelationInput = "guardrail_correlation_id";
    public const string CorrelationVariable = "GUARDRAIL_CORRELATION_ID";
    public const string GithubApiVersion = "2022-11-28";

    /// <summary>The request, or why it cannot be made (a retry would not help).</summary>
    public static Result<HttpRequestMessage> Render(OutboundTarget target, string? secret, OutboxMessage message)
    {
        var content = OutboundContent.Read(message.Payload);
        var settings = TargetSettings.Read(target.Settings);
        var url = target.Url.TrimEnd('/');
        HttpRequestMessage request;
        switch (target.Kind)
        {
            case OutboundTargetKind.GithubWorkflowDispatch:
                request = PostJson($"{url}/actions/workflows/{Uri.EscapeDataString(settings.Workflow!)}/dispatches", new JsonObject
                {
                    ["ref"] = settings.Ref,
                    ["inputs"] = Inputs(content, CorrelationInput, message.CorrelationId),
                });
                AddGithubHeaders(request, secret);
                break;
            case OutboundTargetKind.GithubRepositoryDispatch:
                var payload = new JsonObject();
                if (message.CorrelationId is not null)
                    payload[CorrelationInput] = message.CorrelationId;
                payload["inputs"] = Inputs(content, correlationName: null, correlationId: null);
                request = PostJson($"{url}/dispatches", new JsonObject { ["event_type"] = settings.EventType, ["client_payload"] = payload });
                AddGithubHeaders(request, secret);
                break;
            case OutboundTargetKind.GitlabPipelineTrigger:
                var fields = new List<KeyValuePair<string, string>> { new("token", secret ?? ""), new("ref", settings.Ref!) };
                fields.AddRange(Pairs(content, CorrelationVariable, message.CorrelationId).Select(p => KeyValuePair.Create($"variables[{p.Key}]", p.Value)));
                request = Post(url, new FormUrlEncodedContent(fields));
                break;
            case OutboundTargetKind.JenkinsBuild:
                var query = string.Join('&', Pairs(content, CorrelationVariable, message.CorrelationId)
                    .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
                request = Post($"{url}/buildWithParameters" + (query.Length > 0 ? "?" + query : ""), body: null);
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.User}:{secret}")));
                break;
            case OutboundTargetKind.Webhook:
                var webhook = new JsonObject { ["id"] = message.IdempotencyKey, ["topic"] = message.Topic };
                if (message.CorrelationId is not null)
                    webhook["correlationId"] = message.CorrelationId;
                webhook["summary"] = content.Summary;
                if (content.Inputs is not null)
                    webhook["inputs"] = Inputs(content, correlationName: null, correlationId: null);
                if (content.CdEvent is not null)
                    webhook["cdevent"] = content.CdEvent.DeepClone();
                request = PostJson(url, webhook, secret);
                break;
            case OutboundTargetKind.SlackIncomingWebhook:
                if (secret is null)
                    return Unrenderable("The Slack target has no webhook URL.");
                var slack = new JsonObject { ["text"] = content.Summary };
                if (content.Blocks is not null)
                    slack["blocks"] = content.Blocks.DeepClone();
                request = PostJson(secret, slack);
                break;
            case OutboundTargetKind.Cdevents:
                if (content.CdEvent is not { } cdevent)
                    return Unrenderable($"A '{message.Topic}' message carries no CDEvent, so a CDEvents target cannot take it.");
                request = PostJson(url, cdevent, secret);
                AddCloudEventsHeaders(request, cdevent);
                break;
            case OutboundTargetKind.GateCallback:
            case OutboundTargetKind.GithubDeploymentReview:
                if (content.Body is not { } body || message.Url is not { } callbackUrl)
                    return Unrenderable($"A '{message.Topic}' message has no callback to answer, so a {WireNames.Of(target.Kind)} target cannot take it.");
                if (!IsUnder(callbackUrl, target.Url))
                    return Unrenderable($"The callback URL is not under the target's URL {target.Url}.");
                request = PostJson(callbackUrl, body, target.Kind == OutboundTargetKind.GateCallback ? secret : null);
                if (target.Kind == OutboundTargetKind.GithubDeploymentReview)
                    AddGithubHeaders(request, secret);
                break;
            default:
                return Unrenderable($"Guardrail cannot send to a {WireNames.Of(target.Kind)} target.");
        }
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Guardrail", null));
        request.Headers.Add(IdempotencyKeyHeader, message.IdempotencyKey);
        if (message.CorrelationId is not null)
            request.Headers.Add(CorrelationIdHeader, message.CorrelationId);
        return request;
    }

    /// <summary>Whether <paramref name="url"/> has the scheme, host and port of <paramref name="prefix"/> and a path under its path.</summary>
    public static bool IsUnder(string url, string prefix)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var candidate) || !Uri.TryCreate(prefix, UriKind.Absolute, out var allowed))
            return false;
        var basePath = allowed.AbsolutePath.EndsWith('/') ? allowed.AbsolutePath : allowed.AbsolutePath + "/";
        return candidate.Scheme == allowed.Scheme && string.Equals(candidate.Host, allowed.Host, StringComparison.OrdinalIgnoreCase)
            && candidate.Port == allowed.Port && string.IsNullOrEmpty(candidate.UserInfo)
            && (candidate.AbsolutePath + "/").StartsWith(basePath, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Post(string url, HttpContent? body) => new(HttpMethod.Post, url) { Content = body };

    /// <summary>A JSON body, signed over its exact bytes in <c>X-Guardrail-Signature</c> when there is a signing key.</summary>
    private static HttpRequestMessage PostJson(string url, JsonNode body, string? signingKey = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = Post(url, content);
        if (signingKey is not null)
            request.Headers.Add(SignatureHeader, HmacSha256Signature.Sign(signingKey, bytes));
        return request;
    }

    private static JsonObject Inputs(OutboundContent content, string? correlationName, string? correlationId)
    {
        var inputs = new JsonObject();
        foreach (var (key, value) in Pairs(content, correlationName, correlationId))
            inputs[key] = value;
        return inputs;
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(OutboundContent content, string? correlationName, string? correlationId)
    {
        foreach (var pair in content.Inputs ?? new Dictionary<string, string>())
            yield return pair;
        if (correlationName is not null && correlationId is not null)
            yield return KeyValuePair.Create(correlationName, correlationId);
    }

    private static void AddGithubHeaders(HttpRequestMessage request, string? token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Add("X-GitHub-Api-Version", GithubApiVersion);
    }

    /// <summary>CloudEvents HTTP binary mode: the CDEvent's context goes in <c>ce-</c> headers, the CDEvent itself in the body.</summary>
    private static void AddCloudEventsHeaders(HttpRequestMessage request, JsonObject cdevent)
    {
        var context = cdevent["context"]?.AsObject();
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", context?["id"]?.GetValue<string>());
        request.Headers.Add("ce-source", context?["source"]?.GetValue<string>());
        request.Headers.Add("ce-type", context?["type"]?.GetValue<string>());
        if (cdevent["subject"]?["id"]?.GetValue<string>() is { } subject)
            request.Headers.Add("ce-subject", subject);
        if (context?["timestamp"]?.GetValue<string>() is { } time)
            request.Headers.Add("ce-time", time);
    }

    private static Error Unrenderable(string message) => new("outbox.unrenderable", message, ErrorKind.Validation);
}
