using Guardrail.Core.Audit;
using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Incidents.Causes;

/// <summary>What a responder confirms: the deployment (by id) and/or the change (<c>CHG-n</c>) that caused an incident.</summary>
public sealed record CauseConfirmation(long? DeploymentId, string? Change, string? Note);

/// <summary>
/// Confirms the causes of incidents. Confirming a deployment or a change links the two, so the deployment counts as failed
/// in the metrics, and gives the change a failed outcome (opening its post-implementation review when it was still being
/// implemented); the incident, the change and the link are saved together, each with its audit entry.
/// </summary>
public sealed class IncidentCauses(GuardrailDb db, AuditTrail audit, ChangeRecords changes, ModelPromotions promotions, TimeProvider clock)
{
    public const int MaxNoteLength = 2000;

    public async Task<Result<IncidentCause>> ConfirmAsync(string incidentReference, CauseConfirmation confirmation, Actor actor, CancellationToken cancellationToken)
    {
        if (confirmation.DeploymentId is null && string.IsNullOrWhiteSpace(confirmation.Change))
            return Error.Invalid("deploymentId", "Name the deployment ('deploymentId') or the change ('change') that caused the incident.");
        if (confirmation.Note is { Length: > MaxNoteLength })
            return Error.Invalid("note", $"'note' must be at most {MaxNoteLength:N0} characters long.");
        var incident = RecordNumber.Incident.TryParse(incidentReference, out var incidentId)
            ? await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId, cancellationToken)
            : null;
        if (incident is null)
            return Error.NotFound("incident", incidentReference);

        var found = await FindAsync(confirmation, cancellationToken);
        if (!found.Succeeded)
            return found.Error;
        var (deployment, change) = found.Value;
        var now = clock.UtcNow();
        if (deployment is not null && deployment.DeployedAt > (incident.ResolvedAt ?? now))
            return new Error("incident.cause_after_incident",
                $"Deployment {deployment.Id} finished at {deployment.DeployedAt:u}, after {incident.Number} was resolved; it cannot have caused it.", ErrorKind.Conflict);
        if (await db.IncidentCauses.AnyAsync(c => c.IncidentId == incident.Id
                && ((deployment != null && c.DeploymentId == deployment.Id) || (change != null && c.ChangeId == change.Id)), cancellationToken))
            return new Error("incident.cause_already_confirmed", $"{incident.Number} already has this cause confirmed.", ErrorKind.Conflict);

        var cause = new IncidentCause
        {
            Incident = incident,
            Deployment = deployment,
            Change = change,
            ConfirmedBy = actor.Name,
            ConfirmedAt = now,
            Note = string.IsNullOrWhiteSpace(confirmation.Note) ? null : confirmation.Note.Trim(),
        };
        db.IncidentCauses.Add(cause);
        var named = Describe(deployment, change);
        incident.Record(now, actor, "cause-confirmed", $"Confirmed as the cause: {named}." + (cause.Note is null ? "" : $" {cause.Note}"));
        incident.UpdatedAt = now;
        incident.Version++;
        if (change is not null)
        {
            var failed = await FailAsync(change, incident, deployment, actor, now, cancellationToken);
            if (!failed.Succeeded)
                return failed.Error;
        }
        return await SaveAsync(cause, incident, actor, cancellationToken);
    }

    /// <summary>
    /// Marks a later deployment as the one that rolled back or remediated a confirmed cause, which ends the failed
    /// deployment's recovery (METRICS.md) unless the incident was resolved earlier.
    /// </summary>
    public async Task<Result<IncidentCause>> MarkRemediatedAsync(string incidentReference, long causeId, long remediatingDeploymentId, Actor actor, CancellationToken cancellationToken)
    {
        var cause = RecordNumber.Incident.TryParse(incidentReference, out var incidentId)
            ? await db.IncidentCauses.Include(c => c.Incident).Include(c => c.Deployment)
                .FirstOrDefaultAsync(c => c.Id == causeId && c.IncidentId == incidentId, cancellationToken)
            : null;
        if (cause is null)
            return Error.NotFound("incident cause", $"{incidentReference}/{causeId}");
        if (cause.Deployment is not { } failed)
            return new Error("incident.cause_without_deployment", "This cause names a change that no deployment implemented; there is no deployment to remediate.", ErrorKind.Conflict);
        var remedy = await db.Deployments.FirstOrDefaultAsync(d => d.Id == remediatingDeploymentId, cancellationToken);
        if (remedy is null)
            return Error.NotFound("deployment", remediatingDeploymentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (remedy.ServiceId != failed.ServiceId || remedy.EnvironmentId != failed.EnvironmentId || remedy.DeployedAt is null || remedy.DeployedAt <= failed.DeployedAt)
            return Error.Invalid("deploymentId",
                $"Deployment {remedy.Id} does not remediate deployment {failed.Id}: a remediation is a later successful deployment of the same service to the same environment.");
        var now = clock.UtcNow();
        cause.RemediatedByDeploymentId = remedy.Id;
        var incident = cause.Incident!;
        incident.Record(now, actor, "cause-remediated", $"Deployment {remedy.Id} ({Short(remedy)}) rolled back or remediated deployment {failed.Id}.");
        incident.UpdatedAt = now;
        incident.Version++;
        return await SaveAsync(cause, incident, actor, cancellationToken);
    }

    /// <summary>Saves with the audit trail; a concurrent write of the incident or change, or the same cause confirmed at once, is a 409.</summary>
    private async Task<Result<IncidentCause>> SaveAsync(IncidentCause cause, Incident incident, Actor actor, CancellationToken cancellationToken)
    {
        try
        {
            await audit.SaveAsync(db, actor, cancellationToken);
            return cause;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new Error("concurrency.stale_version", $"{incident.Number} or its change was changed by someone else at the same moment; read it again and retry.", ErrorKind.Conflict);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new Error("incident.cause_already_confirmed", $"{incident.Number} already has this cause confirmed.", ErrorKind.Conflict);
        }
    }

    public async Task<Result<List<IncidentCause>>> ListAsync(string incidentReference, CancellationToken cancellationToken)
    {
        if (!RecordNumber.Incident.TryParse(incidentReference, out var incidentId) || !await db.Incidents.AnyAsync(i => i.Id == incidentId, cancellationToken))
            return Error.NotFound("incident", incidentReference);
        return await ForIncidentAsync(incidentId, cancellationToken);
    }

    public Task<List<IncidentCause>> ForIncidentAsync(long incidentId, CancellationToken cancellationToken) =>
        db.IncidentCauses.AsNoTracking().Include(c => c.Deployment).ThenInclude(d => d!.Service).Include(c => c.Change)
            .Include(c => c.RemediatedBy).Where(c => c.IncidentId == incidentId).OrderBy(c => c.ConfirmedAt).ToListAsync(cancellationToken);

    /// <summary>The deployment and change named, each completed by the other where one implemented the other.</summary>
    private async Task<Result<(Deployment? Deployment, ChangeRecord? Change)>> FindAsync(CauseConfirmation confirmation, CancellationToken cancellationToken)
    {
        ChangeRecord? change = null;
        if (!string.IsNullOrWhiteSpace(confirmation.Change))
        {
            change = RecordNumber.Change.TryParse(confirmation.Change, out var changeId)
                ? await db.Changes.FirstOrDefaultAsync(c => c.Id == changeId, cancellationToken)
                : null;
            if (change is null)
                return Error.NotFound("change", confirmation.Change);
        }
        var deploymentId = confirmation.DeploymentId ?? change?.DeploymentId;
        var deployment = deploymentId is { } id ? await db.Deployments.FirstOrDefaultAsync(d => d.Id == id, cancellationToken) : null;
        if (deploymentId is not null && deployment is null)
            return Error.NotFound("deployment", deploymentId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (deployment is not null && change?.DeploymentId is { } implementedBy && implementedBy != deployment.Id)
            return Error.Invalid("change", $"{change.Number} was implemented by deployment {implementedBy}, not {deployment.Id}.");
        if (deployment is not null && deployment.DeployedAt is null)
            return new Error("incident.cause_not_deployed",
                $"Deployment {deployment.Id} never succeeded ({WireNames.Of(deployment.Status)}); only a deployment that went out can cause an incident.", ErrorKind.Conflict);
        change ??= deployment is null ? null : await db.Changes.FirstOrDefaultAsync(c => c.DeploymentId == deployment.Id, cancellationToken);
        // A change deployed before it was approved did go out; one with no deployment that never got past approval did not.
        if (change is not null && deployment is null && change.State is ChangeState.Requested or ChangeState.Assessment or ChangeState.Authorisation or ChangeState.Rejected or ChangeState.Cancelled)
            return new Error("incident.cause_not_implemented",
                $"{change.Number} is {WireNames.Of(change.State)}: it was never implemented, so it cannot have caused an incident.", ErrorKind.Conflict);
        return (deployment, change);
    }

    /// <summary>Gives the change a failed outcome: through its own completion while it is being implemented, else directly.</summary>
    private async Task<Result<ChangeRecord>> FailAsync(ChangeRecord change, Incident incident, Deployment? deployment, Actor actor, DateTime now, CancellationToken cancellationToken)
    {
        var reason = $"Confirmed as the cause of {incident.Number}";
        change.Version++;
        if (change.State is ChangeState.Scheduled or ChangeState.Implementation)
            return await changes.CompleteAsync(change, ChangeOutcome.Failed, actor, reason, deployment?.Id, cancellationToken);
        change.Record(now, actor, "outcome", $"Outcome: failed. {reason}.");
        change.UpdatedAt = now;
        if (change.Outcome != ChangeOutcome.Failed)
        {
            change.Outcome = ChangeOutcome.Failed;
            await promotions.ConsiderAsync(change, cancellationToken);
        }
        return change;
    }

    private static string Describe(Deployment? deployment, ChangeRecord? change) =>
        (deployment, change) switch
        {
            ({ } d, { } c) => $"{c.Number} ({c.Title}), deployed as deployment {d.Id}",
            ({ } d, null) => $"deployment {d.Id} of {Short(d)} to {d.EnvironmentName}",
            (null, { } c) => $"{c.Number} ({c.Title})",
            _ => throw new InvalidOperationException("A cause names a deployment or a change."),
        };

    private static string Short(Deployment deployment) => deployment.CommitSha?[..Math.Min(12, deployment.CommitSha.Length)] ?? deployment.Artifact ?? "an unnamed version";
}
