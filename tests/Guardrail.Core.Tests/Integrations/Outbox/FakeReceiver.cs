using System.Collections.Concurrent;
using System.Net;
using Guardrail.Core.Integrations.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Integrations.Outbox;

public sealed record Reception(string Url, string? IdempotencyKey, string? CorrelationId, string Body);

/// <summary>Stands in for every target the outbox calls: records each request and answers as the test says.</summary>
public sealed class FakeReceiver : HttpMessageHandler
{
    public ConcurrentQueue<Reception> Received { get; } = new();

    public Func<HttpRequestMessage, Task<HttpResponseMessage>> Answer { get; set; } =
        _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));

    public void AnswerWith(HttpStatusCode status, string body = "", Action<HttpResponseMessage>? edit = null) =>
        Answer = _ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
            edit?.Invoke(response);
            return Task.FromResult(response);
        };

    /// <summary>Routes the outbox's HTTP client here.</summary>
    public void Install(IServiceCollection services) =>
        services.AddHttpClient(OutboxDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => this);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Received.Enqueue(new Reception(request.RequestUri!.AbsoluteUri, Header(request, OutboundRequests.IdempotencyKeyHeader),
            Header(request, OutboundRequests.CorrelationIdHeader), body));
        return await Answer(request);
    }

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
