using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Guardrail.Server.Tests.Support;

/// <summary>One request a <see cref="RecordingReceiver"/> took, with its headers (lower-case names) and raw body.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A stand-in for a CI host or the GitHub API on a real loopback socket: answers every request 200 and remembers it.
/// </summary>
public sealed class RecordingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Received { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<RecordingReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new RecordingReceiver(app);
        app.Run(receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    /// <summary>Waits until a request to <paramref name="path"/> has arrived; fails after a minute rather than hang.</summary>
    public async Task<RecordedRequest> RequestToAsync(string path)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (Received.FirstOrDefault(r => r.Path == path) is { } found)
                return found;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Nothing was sent to {path}; the receiver saw: {string.Join(", ", Received.Select(r => r.Path))}.");
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Received.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "/",
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body.ToArray()));
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
