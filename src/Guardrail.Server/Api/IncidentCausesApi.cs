using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents.Causes;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class IncidentCausesApi
{
    public static void MapIncidentCausesApi(this RouteGroupBuilder api)
    {
        var causes = api.MapGroup("/incidents/{reference}/causes").WithTags("Incidents");
        causes.MapGet("/", ListIncidentCauses).WithName(nameof(ListIncidentCauses))
            .WithSummary("The confirmed causes of an incident: deployments and changes, and what remediated them.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        causes.MapPost("/", ConfirmIncidentCause).WithName(nameof(ConfirmIncidentCause))
            .WithSummary("Confirm a deployment or change as a cause of the incident: the change fails and the deployment counts as failed.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
        causes.MapPost("/{id:long}/remediation", MarkCauseRemediated).WithName(nameof(MarkCauseRemediated))
            .WithSummary("Mark the later deployment that rolled back or remediated a confirmed cause.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
    }

    public static async Task<Results<Ok<IReadOnlyList<IncidentCauseResponse>>, ProblemHttpResult>> ListIncidentCauses(
        IncidentCauses causes, string reference, CancellationToken cancellationToken)
    {
        var found = await causes.ListAsync(reference, cancellationToken);
        return found.Succeeded
            ? TypedResults.Ok<IReadOnlyList<IncidentCauseResponse>>([.. found.Value.Select(c => c.ToResponse())])
            : found.Error.ToProblem();
    }

    public static async Task<Results<Created<IncidentCauseResponse>, ProblemHttpResult>> ConfirmIncidentCause(
        IncidentCauses causes, string reference, ConfirmCauseRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var confirmed = await causes.ConfirmAsync(reference, new CauseConfirmation(request.DeploymentId, request.Change, request.Note), http.User.ToActor(), cancellationToken);
        return confirmed.Succeeded
            ? TypedResults.Created($"/api/v1/incidents/{reference}/causes", await CauseAsync(causes, confirmed.Value, cancellationToken))
            : confirmed.Error.ToProblem();
    }

    public static async Task<Results<Ok<IncidentCauseResponse>, ProblemHttpResult>> MarkCauseRemediated(
        IncidentCauses causes, string reference, long id, RemediationRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        if (request.DeploymentId is not { } deploymentId)
            return Error.Invalid("deploymentId", "'deploymentId' is required: the deployment that rolled back or remediated the cause.").ToProblem();
        var marked = await causes.MarkRemediatedAsync(reference, id, deploymentId, http.User.ToActor(), cancellationToken);
        return marked.Succeeded ? TypedResults.Ok(await CauseAsync(causes, marked.Value, cancellationToken)) : marked.Error.ToProblem();
    }

    private static async Task<IncidentCauseResponse> CauseAsync(IncidentCauses causes, IncidentCause cause, CancellationToken cancellationToken) =>
        (await causes.ForIncidentAsync(cause.IncidentId, cancellationToken)).Single(c => c.Id == cause.Id).ToResponse();

    public static IncidentCauseResponse ToResponse(this IncidentCause cause) =>
        new(cause.Id, cause.DeploymentId, cause.Deployment?.Service?.Key, cause.Deployment?.EnvironmentName, cause.Deployment?.CommitSha,
            cause.Deployment?.DeployedAt, cause.Change?.Number, cause.Change?.Title, cause.ConfirmedBy, cause.ConfirmedAt, cause.Note,
            cause.RemediatedByDeploymentId, cause.RemediatedBy?.DeployedAt);
}
