using Guardrail.Core.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Guardrail.Server.Operations;

internal static class Health
{
    private const string ReadyTag = "ready";

    public static void AddGuardrailHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<DatabaseReachable>("database", tags: [ReadyTag]);

    /// <summary><c>/healthz</c>: the process answers (liveness). <c>/readyz</c>: the database answers too (readiness).</summary>
    public static void MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
    }

    private sealed class DatabaseReachable(GuardrailDb db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
    }
}
