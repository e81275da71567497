using Guardrail.Core.Measurement;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Measurement;

internal static class MeasurementSetup
{
    /// <summary>
    /// The metrics' options, their background work (counting the changes each production deployment delivered) and their
    /// export to Prometheus (<see cref="MetricsExporter"/>, served by <see cref="PrometheusEndpoint"/>).
    /// </summary>
    public static IServiceCollection AddGuardrailMeasurement(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Metrics:TimeZone must be a time zone this server knows (an IANA id such as Europe/Berlin).")
            .Validate(o => BandSets.Find(o.BandSet) is not null, $"Metrics:BandSet must be one of {string.Join(", ", BandSets.All.Select(b => b.Id))}.")
            .ValidateOnStart();
        services.AddHostedService<LeadTimeProjectionService>();
        services.AddSingleton<MetricsExporter>();
        return services;
    }
}

/// <summary>Keeps the lead-time projection up to date: every tick, projects the deployments waiting for it (see <see cref="LeadTimeProjection"/>).</summary>
internal sealed partial class LeadTimeProjectionService(
    IServiceScopeFactory scopes, IOptions<MetricsOptions> options, TimeProvider clock, ILogger<LeadTimeProjectionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProjectionInterval, clock);
        try
        {
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<LeadTimeProjection>().ProjectAllAsync(stoppingToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    LogProjectionFailed(logger, failure);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; what waits is projected after the next start.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Counting the changes delivered by production deployments failed; it is tried again on the next tick.")]
    private static partial void LogProjectionFailed(ILogger logger, Exception failure);
}
