using Guardrail.Core.Incidents.Reviews;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Incidents.Causes;

/// <summary>
/// The confirmed causes of the reviewed incident that went out before the review's window: the deployments source shows
/// those within it, and a cause is part of the story however long before the impact it was deployed.
/// </summary>
public sealed class ConfirmedCausesSource(GuardrailDb db) : IReviewTimelineSource
{
    public async Task<IReadOnlyList<ReviewTimelineEntry>> EntriesAsync(ReviewWindow window, CancellationToken cancellationToken)
    {
        var causes = await db.IncidentCauses.AsNoTracking().Include(c => c.Deployment).ThenInclude(d => d!.Service).Include(c => c.Change)
            .Where(c => c.IncidentId == window.Incident.Id && c.Deployment != null && c.Deployment.DeployedAt < window.From)
            .ToListAsync(cancellationToken);
        return [.. causes.OrderBy(c => c.Deployment!.DeployedAt).ThenBy(c => c.Id).Select(c =>
        {
            var deployment = c.Deployment!;
            var what = deployment.Artifact ?? deployment.CommitSha?[..Math.Min(7, deployment.CommitSha.Length)] ?? deployment.ProviderDeploymentId;
            var change = c.Change is null ? "" : $" ({c.Change.Number})";
            return new ReviewTimelineEntry(deployment.DeployedAt!.Value, "deployment", "succeeded",
                $"Deployment of {deployment.Service?.Key ?? deployment.ServiceHint ?? "an unmapped service"} ({what}) to {deployment.EnvironmentName}{change} went out; it was later confirmed as a cause",
                null, $"deployment:{deployment.Id}", $"/deployments/{deployment.Id}");
        })];
    }
}
