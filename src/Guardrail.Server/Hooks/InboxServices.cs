using System.ComponentModel.DataAnnotations;
using Guardrail.Core.Integrations.Inbox;

namespace Guardrail.Server.Hooks;

internal static class InboxSetup
{
    /// <summary>The inbox's writer and processor, and the secret protection integrations need.</summary>
    public static IServiceCollection AddGuardrailInbox(this IServiceCollection services)
    {
        services.AddSingleton<Core.Integrations.ISecretProtector, DataProtectionSecretProtector>();
        services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<InboxWriterService>();
        services.AddHostedService<DeliveryProcessorService>();
        return services;
    }
}

public sealed class InboxOptions
{
    public const string SectionName = "Inbox";

    /// <summary>How often the processor looks for deliveries due for a retry; new ones wake it at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 5000)]
    public int BatchSize { get; set; } = 500;
}

/// <summary>Runs the inbox's group-commit writer for the life of the server, and drains it on shutdown.</summary>
internal sealed class InboxWriterService(Inbox inbox) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => inbox.RunWriterAsync(stoppingToken);
}

/// <summary>Turns stored deliveries into records: woken by each new delivery, and polling for retries that fall due.</summary>
internal sealed partial class DeliveryProcessorService(
    IServiceScopeFactory scopes, InboxSignal signal, Microsoft.Extensions.Options.IOptions<InboxOptions> options, ILogger<DeliveryProcessorService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int processed;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    processed = await scope.ServiceProvider.GetRequiredService<DeliveryProcessor>().ProcessBatchAsync(settings.BatchSize, stoppingToken);
                }
                while (processed == settings.BatchSize);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                LogBatchFailed(logger, failure);
            }
            try
            {
                await signal.WaitAsync(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of deliveries could not be processed; it will be tried again.")]
    private static partial void LogBatchFailed(ILogger logger, Exception failure);
}
