using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents.Causes;
using Guardrail.Core.Incidents.Suspects;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

/// <summary>"What changed?" for an incident, and the causes its responders confirm from it.</summary>
internal static class WhatChangedApi
{
    public static void MapWhatChangedApi(this RouteGroupBuilder api)
    {
        api.MapGet("/incidents/{reference}/what-changed", GetWhatChanged).WithTags("Incidents").WithName(nameof(GetWhatChanged))
            .WithSummary("The deployments and changes on the incident's CIs and services and upstream of them before it started, ranked, with the evidence.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
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

    /// <param name="lookBack">How far before the start to look, in hours (default from the settings, at most their maximum).</param>
    public static async Task<Results<Ok<WhatChangedResponse>, ProblemHttpResult>> GetWhatChanged(
        WhatChanged whatChanged, IncidentCauses causes, string reference, double? lookBack, int? limit, CancellationToken cancellationToken)
    {
        if (lookBack is not null && (double.IsNaN(lookBack.Value) || lookBack <= 0 || lookBack > 24 * 366))
            return Error.Invalid("lookBack", "'lookBack' is a number of hours greater than 0.").ToProblem();
        var found = await whatChanged.ForIncidentAsync(reference, lookBack is { } hours ? TimeSpan.FromHours(hours) : null, limit, cancellationToken);
        if (!found.Succeeded)
            return found.Error.ToProblem();
        var confirmed = (await causes.ListAsync(reference, cancellationToken)).Value ?? [];
        var report = found.Value;
        RecordNumber.Incident.TryParse(reference, out var incidentId);
        return TypedResults.Ok(new WhatChangedResponse(RecordNumber.Incident.Format(incidentId), report.StartedAt, report.From, report.To, report.CisSearched, report.ServicesSearched, report.TotalSuspects,
            [.. report.Suspects.Select(s => s.ToResponse(IsConfirmed(s, confirmed)))]));
    }

    /// <summary>Whether a responder confirmed this suspect's deployment or change as a cause.</summary>
    public static bool IsConfirmed(Suspect suspect, IEnumerable<IncidentCause> confirmed) =>
        confirmed.Any(c => (suspect.Deployment is { } d && c.DeploymentId == d.Id) || (suspect.Change is { } change && c.ChangeId == change.Id));

    public static SuspectResponse ToResponse(this Suspect suspect, bool confirmed) =>
        new(suspect.Rank, suspect.Score.Points, suspect.Deployment?.Id, suspect.Deployment is { } d ? WireNames.Of(d.Status) : null,
            suspect.Deployment?.CommitSha, suspect.Change?.Number, suspect.Change?.Title, suspect.Service.Key, suspect.Environment.Key, suspect.At,
            suspect.Hops, [.. suspect.Signals.Select(signal => signal.Code)], suspect.Evidence, confirmed);

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
