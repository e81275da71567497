using System.Collections.Concurrent;
using System.Net;
using Guardrail.Core.Integrations.Signatures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Guardrail.Server.Tests.Integrations.Outbox;

public enum ReceiverStep
{
    /// <summary>Answers 500.</summary>
    Fail,

    /// <summary>Reads the request, then drops the connection without an answer.</summary>
    Drop,

    /// <summary>Acts on the request, then answers 200 too late for the sender to hear it.</summary>
    AnswerTooLate,

    /// <summary>Answers 200 at once.</summary>
    Succeed,

    /// <summary>Answers 400: a refusal for good, which the outbox does not retry.</summary>
    Refuse,
}

/// <param name="Status">What the receiver answered; 0 when it dropped the connection.</param>
/// <param name="Signed">Whether <c>X-Guardrail-Signature</c> verified with the webhook's key.</param>
public sealed record ReceivedRequest(ReceiverStep Step, int Status, string? IdempotencyKey, string? CorrelationId, bool Signed);

/// <summary>
/// A webhook endpoint on a real loopback socket that follows a script (then <see cref="Otherwise"/>), and remembers
/// every request with its idempotency key.
/// </summary>
public sealed class FlakyReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FlakyReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceiverStep> Script { get; } = new();

    public ReceiverStep Otherwise { get; set; } = ReceiverStep.Fail;

    /// <summary>The key webhooks are signed with, once Guardrail has made it.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How late <see cref="ReceiverStep.AnswerTooLate"/> answers.</summary>
    public TimeSpan Lateness { get; set; } = TimeSpan.FromSeconds(3);

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static async Task<FlakyReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new FlakyReceiver(app);
        app.MapPost("/hook", receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var step = Script.TryDequeue(out var scripted) ? scripted : Otherwise;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var signed = SigningKey is not null && HmacSha256Signature.Verify(SigningKey, body.ToArray(), context.Request.Headers[HmacSha256Signature.GuardrailHeaderName]);
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var correlationId = context.Request.Headers["X-Guardrail-Correlation-Id"].ToString();
        var status = step switch
        {
            ReceiverStep.Fail => StatusCodes.Status500InternalServerError,
            ReceiverStep.Refuse => StatusCodes.Status400BadRequest,
            ReceiverStep.Drop => 0,
            _ => StatusCodes.Status200OK,
        };
        Received.Enqueue(new ReceivedRequest(step, status, key, correlationId, signed));
        switch (step)
        {
            case ReceiverStep.Drop:
                context.Abort();
                return;
            case ReceiverStep.AnswerTooLate:
                try
                {
                    await Task.Delay(Lateness, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                break;
        }
        context.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
