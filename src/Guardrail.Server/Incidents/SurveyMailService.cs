using Guardrail.Core.Incidents.Satisfaction;
using Guardrail.Core.Integrations.Mail;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Incidents;

/// <summary>On every tick, e-mails the satisfaction surveys of newly resolved incidents (see <see cref="SurveyMailing"/>).</summary>
internal sealed partial class SurveyMailService(
    IServiceScopeFactory scopes, IOptions<MailOptions> options, TimeProvider clock, ILogger<SurveyMailService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured)
            return;
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        try
        {
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<SurveyMailing>().SendDueAsync(stoppingToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    LogSendFailed(logger, failure);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; unsent surveys are found again on the next start.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending satisfaction surveys failed; it is tried again on the next tick.")]
    private static partial void LogSendFailed(ILogger logger, Exception failure);
}
