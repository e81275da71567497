using Guardrail.Core.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Operations;

/// <summary>
/// Prepares the store before the server accepts requests (migrations, first admin, demo data) and tells the
/// operator where the server listens. Runs in <see cref="StartingAsync"/>, which completes before Kestrel starts.
/// </summary>
internal sealed partial class StartupTasks(
    StoreInitializer initializer, IOptions<DemoOptions> demo, IOptions<StorageOptions> storage,
    IServer server, IHostApplicationLifetime lifetime, ILogger<StartupTasks> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        LogStore(logger, storage.Value.UsesPostgres ? "PostgreSQL" : $"SQLite in {Path.GetFullPath(storage.Value.DataDirectory)}");
        var credentials = await initializer.InitializeAsync(demo.Value.Enabled, cancellationToken);
        if (credentials is not null)
        {
            // Printed, never logged: these are secrets the operator must copy now; they are not shown again.
            Console.WriteLine();
            Console.WriteLine("First start: administrator credentials were created. Keep them; they are not shown again.");
            if (credentials.Password is not null)
                Console.WriteLine($"  user:     {credentials.UserName}\n  password: {credentials.Password}");
            if (credentials.Token is not null)
                Console.WriteLine($"  token:    {credentials.Token}");
            Console.WriteLine();
        }
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
                Console.WriteLine($"Guardrail is ready at {address}");
        });
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Using {Store}")]
    private static partial void LogStore(ILogger logger, string store);
}
