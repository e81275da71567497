using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Problems;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class ProblemsApi
{
    public static void MapProblemsApi(this RouteGroupBuilder api)
    {
        var problems = api.MapGroup("/problems").WithTags("Problems");
        problems.MapGet("/", ListProblems).WithName(nameof(ListProblems))
            .WithSummary("List problems, newest first, by state, service, linked incident, known errors only, or words of their title, symptoms and workaround.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        problems.MapGet("/{reference}", GetProblem).WithName(nameof(GetProblem))
            .WithSummary("Get a problem (PRB-n) with its analysis, fix, linked incidents and timeline.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        problems.MapPost("/", CreateProblem).WithName(nameof(CreateProblem))
            .WithSummary("Log a problem, linked to the incidents it explains.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
        problems.MapPut("/{reference}", UpdateProblem).WithName(nameof(UpdateProblem))
            .WithSummary("Edit a problem: its analysis, workaround, fix, services and incidents, and move it in the same write.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
        problems.MapPost("/{reference}/transitions", TransitionProblem).WithName(nameof(TransitionProblem))
            .WithSummary("Move a problem: under investigation, known error, resolved or closed.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
        problems.MapPost("/{reference}/incidents", LinkIncident).WithName(nameof(LinkIncident))
            .WithSummary("Link an incident to the problem.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
        problems.MapDelete("/{reference}/incidents/{incident}", UnlinkIncident).WithName(nameof(UnlinkIncident))
            .WithSummary("Unlink an incident from the problem; send the version of the problem read.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));

        api.MapGet("/known-errors", ListKnownErrors).WithTags("Problems").WithName(nameof(ListKnownErrors))
            .WithSummary("Search the known errors by words and service, or find those matching an incident's services and title.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
    }

    public static async Task<Results<Ok<PageResponse<ProblemResponse>>, ProblemHttpResult>> ListProblems(
        ProblemRecords records, string? state, string? service, bool? knownError, string? search, string? incident, int? limit, string? cursor,
        CancellationToken cancellationToken)
    {
        var page = await records.ListAsync(new ProblemQuery(state, service, knownError == true, search, incident), limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<ProblemResponse>([.. page.Value.Items.Select(p => p.ToResponse())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Ok<ProblemDetailResponse>, ProblemHttpResult>> GetProblem(
        ProblemRecords records, string reference, CancellationToken cancellationToken) =>
        Detail(await records.GetAsync(reference, cancellationToken));

    public static async Task<Results<Created<ProblemDetailResponse>, ProblemHttpResult>> CreateProblem(
        ProblemRecords records, ProblemRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await records.CreateAsync(request, http.User.ToActor(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/problems/{created.Value.Number}", created.Value.ToDetailResponse())
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<ProblemDetailResponse>, ProblemHttpResult>> UpdateProblem(
        ProblemRecords records, string reference, ProblemRequest request, HttpContext http, CancellationToken cancellationToken) =>
        Detail(await records.UpdateAsync(reference, request, http.User.ToActor(), cancellationToken));

    public static async Task<Results<Ok<ProblemDetailResponse>, ProblemHttpResult>> TransitionProblem(
        ProblemRecords records, string reference, ProblemTransitionRequest request, HttpContext http, CancellationToken cancellationToken) =>
        Detail(await records.TransitionAsync(reference, request, http.User.ToActor(), cancellationToken));

    public static async Task<Results<Ok<ProblemDetailResponse>, ProblemHttpResult>> LinkIncident(
        ProblemRecords records, string reference, ProblemLinkRequest request, HttpContext http, CancellationToken cancellationToken) =>
        Detail(await records.LinkIncidentAsync(reference, request, http.User.ToActor(), cancellationToken));

    public static async Task<Results<Ok<ProblemDetailResponse>, ProblemHttpResult>> UnlinkIncident(
        ProblemRecords records, string reference, string incident, long? version, HttpContext http, CancellationToken cancellationToken) =>
        Detail(await records.UnlinkIncidentAsync(reference, incident, version, http.User.ToActor(), cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<KnownErrorResponse>>, ProblemHttpResult>> ListKnownErrors(
        KnownErrors knownErrors, string? search, string? service, string? incident, CancellationToken cancellationToken)
    {
        if (incident is not null && (search is not null || service is not null))
            return Error.Invalid("incident", "Search by 'incident' alone: its services and title choose the known errors.").ToProblem();
        var found = incident is not null
            ? await knownErrors.ForIncidentAsync(incident, cancellationToken)
            : await knownErrors.SearchAsync(search, service, cancellationToken);
        return found.Succeeded
            ? TypedResults.Ok<IReadOnlyList<KnownErrorResponse>>([.. found.Value.Select(m => m.ToResponse())])
            : found.Error.ToProblem();
    }

    private static Results<Ok<ProblemDetailResponse>, ProblemHttpResult> Detail(Result<Problem> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value.ToDetailResponse()) : result.Error.ToProblem();
}
