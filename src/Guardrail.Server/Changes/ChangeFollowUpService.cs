using Guardrail.Core.Changes;
using Guardrail.Core.Integrations.ProtectionRules;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Changes;

internal static class ChangeEnablementSetup
{
    public static IServiceCollection AddGuardrailChangeFollowUp(this IServiceCollection services)
    {
        services.AddOptions<ChangeFollowUpOptions>().BindConfiguration(ChangeFollowUpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<ChangeFollowUpService>();
        return services;
    }
}

/// <summary>
/// On every tick: rejects changes whose approval request expired, moves changes along by the deployments that carry
/// them out, and puts GitHub's deployment protection rules to the gate. Each is safe to run on several nodes at once:
/// versions guard the changes, and the gate keys a protection rule's change by its callback URL.
/// </summary>
internal sealed partial class ChangeFollowUpService(
    IServiceScopeFactory scopes, IOptions<ChangeFollowUpOptions> options, TimeProvider clock, ILogger<ChangeFollowUpService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        try
        {
            do
            {
                await RunAsync("expiring approval requests", (services, token) => services.GetRequiredService<ChangeApprovals>().ExpireDueAsync(token), stoppingToken);
                await RunAsync("matching deployments to changes", (services, token) => services.GetRequiredService<DeploymentOutcomes>().MatchAsync(token), stoppingToken);
                await RunAsync("answering deployment protection rules", (services, token) => services.GetRequiredService<ProtectionRules>().AnswerPendingAsync(token), stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; whatever was not done is found again on the next start.
        }
    }

    private async Task RunAsync(string work, Func<IServiceProvider, CancellationToken, Task<int>> step, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await step(scope.ServiceProvider, stoppingToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            LogStepFailed(logger, failure, work);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Change follow-up failed while {Work}; it is tried again on the next tick.")]
    private static partial void LogStepFailed(ILogger logger, Exception failure, string work);
}
