using Guardrail.Core.Incidents;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Incidents;

internal static class IncidentSetup
{
    /// <summary>The incidents' background work: the SLA check, and e-mailing satisfaction surveys when a mail server is set.</summary>
    public static IServiceCollection AddGuardrailIncidentFollowUp(this IServiceCollection services)
    {
        services.AddOptions<IncidentSlaOptions>().BindConfiguration(IncidentSlaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<IncidentSlaService>();
        services.AddOptions<Core.Integrations.Mail.MailOptions>().BindConfiguration(Core.Integrations.Mail.MailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<SurveyMailService>();
        return services;
    }
}

/// <summary>On every tick, flags the SLA warnings and breaches of open incidents as they happen (see <see cref="IncidentSlaMonitor"/>).</summary>
internal sealed partial class IncidentSlaService(
    IServiceScopeFactory scopes, IOptions<IncidentSlaOptions> options, TimeProvider clock, ILogger<IncidentSlaService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        try
        {
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<IncidentSlaMonitor>().CheckAsync(stoppingToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    LogCheckFailed(logger, failure);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; the next start checks the clocks again.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking the SLA clocks of open incidents failed; it is tried again on the next tick.")]
    private static partial void LogCheckFailed(ILogger logger, Exception failure);
}
