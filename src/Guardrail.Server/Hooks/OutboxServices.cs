using Guardrail.Core.Integrations.Outbox;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Hooks;

internal static class OutboxSetup
{
    /// <summary>The outbox's options and the service that sends what is due.</summary>
    public static IServiceCollection AddGuardrailOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<OutboxDispatcherService>();
        return services;
    }
}

/// <summary>Sends due outbox messages on every tick, batch after batch while full batches keep coming.</summary>
internal sealed partial class OutboxDispatcherService(
    IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxDispatcherService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.PollInterval, clock);
        try
        {
            do
            {
                try
                {
                    int claimed;
                    do
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        claimed = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchBatchAsync(stoppingToken);
                    }
                    while (claimed == settings.BatchSize);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    LogBatchFailed(logger, failure);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was claimed and not sent has been given back.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of outbox messages could not be sent; it will be tried again.")]
    private static partial void LogBatchFailed(ILogger logger, Exception failure);
}
