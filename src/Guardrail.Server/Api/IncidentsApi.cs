using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class IncidentsApi
{
    public static void MapIncidentsApi(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents").WithTags("Incidents");
        incidents.MapGet("/", ListIncidents).WithName(nameof(ListIncidents))
            .WithSummary("List incidents, newest first, by state, priority, service, team, assignee, major, open only and SLA state.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        incidents.MapGet("/{reference}", GetIncident).WithName(nameof(GetIncident))
            .WithSummary("Get an incident (INC-n) with its SLA clocks, affected CIs, alerts and timeline.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        incidents.MapPost("/", CreateIncident).WithName(nameof(CreateIncident))
            .WithSummary("Declare an incident; its priority follows from impact and urgency unless overridden with a reason.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
        incidents.MapPut("/{reference}", UpdateIncident).WithName(nameof(UpdateIncident))
            .WithSummary("Edit an incident with the version read; a closed incident is final.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
        incidents.MapPost("/{reference}/transitions", TransitionIncident).WithName(nameof(TransitionIncident))
            .WithSummary("Acknowledge, start, hold (with a reason), resume, resolve (with resolution notes), close or reopen (with a reason) an incident.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
        incidents.MapPost("/{reference}/assignment", AssignIncident).WithName(nameof(AssignIncident))
            .WithSummary("Give an incident to a person and a team.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
        incidents.MapPost("/{reference}/comments", CommentOnIncident).WithName(nameof(CommentOnIncident))
            .WithSummary("Add a comment to an incident's timeline.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));

        var settings = api.MapGroup("/incident-settings").WithTags("Incidents");
        settings.MapGet("/", GetIncidentSettings).WithName(nameof(GetIncidentSettings))
            .WithSummary("The priority matrix, SLA targets, business hours, holidays, alert severities and reopen window.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        settings.MapPut("/", UpdateIncidentSettings).WithName(nameof(UpdateIncidentSettings))
            .WithSummary("Change the incident settings with the version read; parts left out stay as they are.")
            .RequireAuthorization(Policies.For(Permission.IncidentSettingsManage));
    }

    public static async Task<Results<Ok<PageResponse<IncidentResponse>>, ProblemHttpResult>> ListIncidents(
        IncidentRecords records, string? state, string? priority, string? service, string? team, string? assignee, bool? major, bool? open,
        string? sla, string? search, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await records.ListAsync(new IncidentQuery(state, priority, service, team, assignee, major, open ?? false, sla, search), limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<IncidentResponse>([.. page.Value.Items.Select(i => i.ToResponse())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Ok<IncidentDetailResponse>, ProblemHttpResult>> GetIncident(
        IncidentRecords records, string reference, CancellationToken cancellationToken) =>
        await DetailAsync(records, await records.GetAsync(reference, cancellationToken), cancellationToken);

    public static async Task<Results<Created<IncidentDetailResponse>, ProblemHttpResult>> CreateIncident(
        IncidentRecords records, IncidentRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await records.CreateAsync(request, http.User.ToActor(), http.User.PersonOf(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/incidents/{created.Value.Number}", created.Value.ToResponse([]))
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<IncidentDetailResponse>, ProblemHttpResult>> UpdateIncident(
        IncidentRecords records, string reference, IncidentRequest request, HttpContext http, CancellationToken cancellationToken) =>
        await DetailAsync(records, await records.UpdateAsync(reference, request, http.User.ToActor(), cancellationToken), cancellationToken);

    public static async Task<Results<Ok<IncidentDetailResponse>, ProblemHttpResult>> TransitionIncident(
        IncidentRecords records, string reference, IncidentTransitionRequest request, HttpContext http, CancellationToken cancellationToken) =>
        await DetailAsync(records, await records.TransitionAsync(reference, request, http.User.ToActor(), http.User.PersonOf(), cancellationToken), cancellationToken);

    public static async Task<Results<Ok<IncidentDetailResponse>, ProblemHttpResult>> AssignIncident(
        IncidentRecords records, string reference, IncidentAssignmentRequest request, HttpContext http, CancellationToken cancellationToken) =>
        await DetailAsync(records, await records.AssignAsync(reference, request, http.User.ToActor(), cancellationToken), cancellationToken);

    public static async Task<Results<Ok<IncidentDetailResponse>, ProblemHttpResult>> CommentOnIncident(
        IncidentRecords records, string reference, IncidentCommentRequest request, HttpContext http, CancellationToken cancellationToken) =>
        await DetailAsync(records, await records.CommentAsync(reference, request, http.User.ToActor(), cancellationToken), cancellationToken);

    public static async Task<Ok<IncidentSettingsResponse>> GetIncidentSettings(IncidentSettingsStore settings, CancellationToken cancellationToken) =>
        TypedResults.Ok((await settings.GetAsync(cancellationToken)).ToResponse());

    public static async Task<Results<Ok<IncidentSettingsResponse>, ProblemHttpResult>> UpdateIncidentSettings(
        IncidentSettingsStore settings, IncidentSettingsRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var updated = await settings.UpdateAsync(request, http.User.ToActor(), cancellationToken);
        return updated.Succeeded ? TypedResults.Ok(updated.Value.ToResponse()) : updated.Error.ToProblem();
    }

    private static async Task<Results<Ok<IncidentDetailResponse>, ProblemHttpResult>> DetailAsync(
        IncidentRecords records, Result<Incident> result, CancellationToken cancellationToken) =>
        result.Succeeded
            ? TypedResults.Ok(result.Value.ToResponse(await records.AlertsOfAsync(result.Value, cancellationToken)))
            : result.Error.ToProblem();
}
