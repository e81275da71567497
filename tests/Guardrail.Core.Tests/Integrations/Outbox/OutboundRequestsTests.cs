using System.Text;
using System.Text.Json.Nodes;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Core.Integrations.Signatures;

namespace Guardrail.Core.Tests.Integrations.Outbox;

public class OutboundRequestsTests
{
    private const string Key = "019a5b4e-7c1d-7e3f-8a2b-1c2d3e4f5a6b";
    private const string Correlation = "grd-AbCdEfGhIjKlMnOpQrSt";

    private static readonly Dictionary<string, string> _inputs = new() { ["version"] = "1.2.3", ["note"] = "a b&c" };

    private static OutboundTarget Target(OutboundTargetKind kind, string url, TargetSettings? settings = null) =>
        new() { Id = 7, Name = "target", Kind = kind, Url = url, Settings = (settings ?? new TargetSettings()).ToJson() };

    private static OutboxMessage Message(OutboundContent content, string topic = "automation-run", string? correlationId = Correlation) =>
        new() { Id = 1, TargetId = 7, IdempotencyKey = Key, Topic = topic, Payload = content.ToJson(), CorrelationId = correlationId };

    private static readonly OutboxMessage _run = Message(new OutboundContent("user:alice asked target to run: hotfix", _inputs));

    private static HttpRequestMessage Render(OutboundTarget target, string? secret, OutboxMessage message)
    {
        var rendered = OutboundRequests.Render(target, secret, message);
        Assert.True(rendered.Succeeded, rendered.Error?.Message);
        return rendered.Value;
    }

    /// <summary>Every header of the request and its body's content type, as "name: value".</summary>
    private static string[] Headers(HttpRequestMessage request) =>
    [
        .. request.Headers.Select(h => $"{h.Key}: {string.Join(", ", h.Value)}")
            .Concat(request.Content?.Headers.ContentType is { } type ? [$"Content-Type: {type}"] : [])
            .Order(StringComparer.Ordinal),
    ];

    private static async Task<string> BodyAsync(HttpRequestMessage request) => request.Content is null ? "" : await request.Content.ReadAsStringAsync();

    private static string[] Expected(params string[] headers) =>
        [.. headers.Concat([$"Idempotency-Key: {Key}", "User-Agent: Guardrail"]).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_github_workflow_dispatch_posts_ref_and_inputs_with_the_correlation_id()
    {
        var target = Target(OutboundTargetKind.GithubWorkflowDispatch, "https://api.github.com/repos/acme/shop", new TargetSettings(Workflow: "deploy.yml", Ref: "main"));

        var request = Render(target, "ghp_token", _run);

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://api.github.com/repos/acme/shop/actions/workflows/deploy.yml/dispatches", request.RequestUri!.AbsoluteUri);
        Assert.Equal(Expected(
            "Authorization: Bearer ghp_token", "Accept: application/vnd.github+json", "X-GitHub-Api-Version: 2022-11-28",
            $"X-Guardrail-Correlation-Id: {Correlation}", "Content-Type: application/json"), Headers(request));
        Assert.Equal($$$$"""{"ref":"main","inputs":{"version":"1.2.3","note":"a b\u0026c","guardrail_correlation_id":"{{{{Correlation}}}}"}}""", await BodyAsync(request));
    }

    [Fact]
    public async Task A_github_repository_dispatch_posts_the_event_type_and_a_client_payload()
    {
        var target = Target(OutboundTargetKind.GithubRepositoryDispatch, "https://ghe.example.com/api/v3/repos/acme/shop/", new TargetSettings(EventType: "guardrail-run"));

        var request = Render(target, "ghp_token", _run);

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://ghe.example.com/api/v3/repos/acme/shop/dispatches", request.RequestUri!.AbsoluteUri);
        Assert.Equal(Expected(
            "Authorization: Bearer ghp_token", "Accept: application/vnd.github+json", "X-GitHub-Api-Version: 2022-11-28",
            $"X-Guardrail-Correlation-Id: {Correlation}", "Content-Type: application/json"), Headers(request));
        Assert.Equal(
            $$$$"""{"event_type":"guardrail-run","client_payload":{"guardrail_correlation_id":"{{{{Correlation}}}}","inputs":{"version":"1.2.3","note":"a b\u0026c"}}}""",
            await BodyAsync(request));
    }

    [Fact]
    public async Task A_gitlab_trigger_posts_the_token_ref_and_variables_as_a_form()
    {
        var target = Target(OutboundTargetKind.GitlabPipelineTrigger, "https://gitlab.example.com/api/v4/projects/42/trigger/pipeline", new TargetSettings(Ref: "main"));

        var request = Render(target, "glptt-token", _run);

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://gitlab.example.com/api/v4/projects/42/trigger/pipeline", request.RequestUri!.AbsoluteUri);
        Assert.Equal(Expected($"X-Guardrail-Correlation-Id: {Correlation}", "Content-Type: application/x-www-form-urlencoded"), Headers(request));
        Assert.Equal(
            $"token=glptt-token&ref=main&variables%5Bversion%5D=1.2.3&variables%5Bnote%5D=a+b%26c&variables%5BGUARDRAIL_CORRELATION_ID%5D={Correlation}",
            await BodyAsync(request));
    }

    [Fact]
    public async Task A_jenkins_build_posts_parameters_in_the_query_with_basic_auth()
    {
        var target = Target(OutboundTargetKind.JenkinsBuild, "https://jenkins.example.com/job/shop/job/deploy/", new TargetSettings(User: "guardrail"));

        var request = Render(target, "11aa22bb", _run);

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"https://jenkins.example.com/job/shop/job/deploy/buildWithParameters?version=1.2.3&note=a%20b%26c&GUARDRAIL_CORRELATION_ID={Correlation}",
            request.RequestUri!.AbsoluteUri);
        Assert.Equal(Expected($"Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("guardrail:11aa22bb"))}", $"X-Guardrail-Correlation-Id: {Correlation}"),
            Headers(request));
        Assert.Equal("", await BodyAsync(request));
    }

    [Fact]
    public async Task A_webhook_posts_the_message_signed_with_the_targets_key()
    {
        var target = Target(OutboundTargetKind.Webhook, "https://hooks.example.com/guardrail");

        var request = Render(target, "webhook-signing-key-0123", _run);

        var body = await BodyAsync(request);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://hooks.example.com/guardrail", request.RequestUri!.AbsoluteUri);
        Assert.Equal($$$$"""{"id":"{{{{Key}}}}","topic":"automation-run","correlationId":"{{{{Correlation}}}}","summary":"user:alice asked target to run: hotfix","inputs":{"version":"1.2.3","note":"a b\u0026c"}}""", body);
        var signature = request.Headers.GetValues("X-Guardrail-Signature").Single();
        Assert.Equal(Expected($"X-Guardrail-Signature: {signature}", $"X-Guardrail-Correlation-Id: {Correlation}", "Content-Type: application/json"), Headers(request));
        Assert.True(HmacSha256Signature.Verify("webhook-signing-key-0123", Encoding.UTF8.GetBytes(body), signature));
        Assert.Equal(HmacSha256Signature.Sign("webhook-signing-key-0123", Encoding.UTF8.GetBytes(body)), signature);
    }

    [Fact]
    public async Task A_slack_webhook_posts_the_summary_as_text_to_the_secret_url()
    {
        var target = Target(OutboundTargetKind.SlackIncomingWebhook, "https://hooks.slack.com/…");

        var request = Render(target, "https://hooks.slack.com/services/T000/B000/XXXX", Message(new OutboundContent("shop was deployed to production."), "deployment-observed", null));

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://hooks.slack.com/services/T000/B000/XXXX", request.RequestUri!.AbsoluteUri);
        Assert.Equal(Expected("Content-Type: application/json"), Headers(request));
        Assert.Equal("""{"text":"shop was deployed to production."}""", await BodyAsync(request));
    }

    [Fact]
    public async Task A_cdevent_goes_in_cloudevents_binary_mode()
    {
        var cdevent = JsonNode.Parse("""
            {"context":{"version":"0.4.1","id":"0192-event","source":"/guardrail","type":"dev.cdevents.service.deployed.0.2.0","timestamp":"2026-11-26T09:00:00.000000Z"},
             "subject":{"id":"shop","source":"/guardrail","type":"service","content":{"environment":{"id":"production"},"artifactId":"pkg:github/acme/shop@abc"}}}
            """)!.AsObject();
        var target = Target(OutboundTargetKind.Cdevents, "https://events.example.com/cdevents");

        var request = Render(target, null, Message(new OutboundContent("shop was deployed to production.", CdEvent: cdevent), "deployment-observed", null));

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://events.example.com/cdevents", request.RequestUri!.AbsoluteUri);
        Assert.Equal(Expected(
            "ce-specversion: 1.0", "ce-id: 0192-event", "ce-source: /guardrail", "ce-type: dev.cdevents.service.deployed.0.2.0",
            "ce-subject: shop", "ce-time: 2026-11-26T09:00:00.000000Z", "Content-Type: application/json"), Headers(request));
        Assert.Equal(cdevent.ToJsonString(), await BodyAsync(request));
    }

    [Fact]
    public void A_cdevents_target_cannot_take_a_message_without_a_cdevent()
    {
        var rendered = OutboundRequests.Render(Target(OutboundTargetKind.Cdevents, "https://events.example.com/"), null, _run);

        Assert.False(rendered.Succeeded);
        Assert.Equal("outbox.unrenderable", rendered.Error.Code);
    }
}
