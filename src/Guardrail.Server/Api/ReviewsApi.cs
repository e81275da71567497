using System.Globalization;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents.Reviews;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class ReviewsApi
{
    public const string MarkdownContentType = "text/markdown; charset=utf-8";

    public static void MapReviewsApi(this RouteGroupBuilder api)
    {
        var reviews = api.MapGroup("/reviews").WithTags("Post-incident reviews");
        reviews.MapGet("/", ListReviews).WithName(nameof(ListReviews))
            .WithSummary("List post-incident reviews, newest first, by state or incident.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        reviews.MapPost("/", DraftReview).WithName(nameof(DraftReview))
            .WithSummary("Draft the review of a resolved incident: 201 when drafted now, 200 with the review it already has.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
        reviews.MapGet("/{reference}.md", ExportReview).WithName(nameof(ExportReview))
            .WithSummary("The review as a Markdown document; the reference is the review's id or its incident's INC-n.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        reviews.MapGet("/{reference}", GetReview).WithName(nameof(GetReview))
            .WithSummary("Get a review (by id or INC-n) with its measured impact, timeline and follow-ups; ?format=markdown for the document.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        reviews.MapPut("/{reference}", UpdateReview).WithName(nameof(UpdateReview))
            .WithSummary("Write the review's template: summary, impact, contributing factors, what went well, what was hard, lessons.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
        reviews.MapPost("/{reference}/transitions", TransitionReview).WithName(nameof(TransitionReview))
            .WithSummary("Move a review: in-review, back to draft, or published.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
        reviews.MapPost("/{reference}/follow-ups", AddFollowUp).WithName(nameof(AddFollowUp))
            .WithSummary("Add a follow-up action with its owner (a user or a team) and due day.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));

        var followUps = api.MapGroup("/follow-ups").WithTags("Post-incident reviews");
        followUps.MapGet("/", ListFollowUps).WithName(nameof(ListFollowUps))
            .WithSummary("Follow-ups across every review, newest first: by state, owner or incident, or only the overdue ones.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        followUps.MapGet("/{id:long}", GetFollowUp).WithName(nameof(GetFollowUp)).WithSummary("Get a follow-up.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        followUps.MapPut("/{id:long}", UpdateFollowUp).WithName(nameof(UpdateFollowUp))
            .WithSummary("Edit a follow-up or mark it done, cancelled or open again; incident writers edit any, owners their own.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
    }

    public static async Task<Results<Ok<PageResponse<ReviewResponse>>, ProblemHttpResult>> ListReviews(
        IncidentReviews reviews, string? state, string? incident, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await reviews.ListAsync(new ReviewQuery(state, incident), limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<ReviewResponse>([.. page.Value.Items.Select(r => r.ToResponse())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Created<ReviewDetailResponse>, Ok<ReviewDetailResponse>, ProblemHttpResult>> DraftReview(
        IncidentReviews reviews, FollowUps followUps, ReviewDraftRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        if (!RecordNumber.Incident.TryParse(request.Incident, out var incidentId))
            return Error.Invalid("incident", string.IsNullOrWhiteSpace(request.Incident)
                ? "'incident' is required: the INC-n whose review to draft." : $"'{request.Incident}' is not an incident number (INC-n).").ToProblem();
        var drafted = await reviews.DraftAsync(incidentId, http.User.ToActor(), cancellationToken);
        if (!drafted.Succeeded)
            return drafted.Error.ToProblem();
        var detail = await reviews.GetAsync(drafted.Value.Review.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
        if (!detail.Succeeded)
            return detail.Error.ToProblem();
        var response = detail.Value.ToResponse(followUps.Today);
        return drafted.Value.Created
            ? TypedResults.Created($"/api/v1/reviews/{response.Review.Id}", response)
            : TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<ReviewDetailResponse>, ContentHttpResult, ProblemHttpResult>> GetReview(
        IncidentReviews reviews, FollowUps followUps, string reference, string? format, CancellationToken cancellationToken)
    {
        if (format is not null && format is not ("json" or "markdown"))
            return Error.Invalid("format", $"'format' must be json or markdown (got '{format}').").ToProblem();
        var found = await reviews.GetAsync(reference, cancellationToken);
        if (!found.Succeeded)
            return found.Error.ToProblem();
        return format == "markdown"
            ? TypedResults.Text(ReviewMarkdown.Write(found.Value, followUps.Today), MarkdownContentType)
            : TypedResults.Ok(found.Value.ToResponse(followUps.Today));
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportReview(
        IncidentReviews reviews, FollowUps followUps, string reference, CancellationToken cancellationToken)
    {
        var found = await reviews.GetAsync(reference, cancellationToken);
        return found.Succeeded
            ? TypedResults.Text(ReviewMarkdown.Write(found.Value, followUps.Today), MarkdownContentType)
            : found.Error.ToProblem();
    }

    public static async Task<Results<Ok<ReviewDetailResponse>, ProblemHttpResult>> UpdateReview(
        IncidentReviews reviews, FollowUps followUps, string reference, ReviewRequest request, HttpContext http, CancellationToken cancellationToken) =>
        Detail(await reviews.UpdateAsync(reference, request, http.User.ToActor(), cancellationToken), followUps);

    public static async Task<Results<Ok<ReviewDetailResponse>, ProblemHttpResult>> TransitionReview(
        IncidentReviews reviews, FollowUps followUps, string reference, ReviewTransitionRequest request, HttpContext http, CancellationToken cancellationToken) =>
        Detail(await reviews.TransitionAsync(reference, request, http.User.ToActor(), cancellationToken), followUps);

    public static async Task<Results<Created<FollowUpResponse>, ProblemHttpResult>> AddFollowUp(
        FollowUps followUps, string reference, FollowUpRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var added = await followUps.AddAsync(reference, request, http.User.ToActor(), cancellationToken);
        return added.Succeeded
            ? TypedResults.Created($"/api/v1/follow-ups/{added.Value.Id}", added.Value.ToResponse(followUps.Today))
            : added.Error.ToProblem();
    }

    public static async Task<Results<Ok<PageResponse<FollowUpResponse>>, ProblemHttpResult>> ListFollowUps(
        FollowUps followUps, string? state, bool? overdue, string? owner, string? incident, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await followUps.ListAsync(new FollowUpQuery(state, overdue == true, owner, incident), limit, cursor, cancellationToken);
        var today = followUps.Today;
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<FollowUpResponse>([.. page.Value.Items.Select(f => f.ToResponse(today))], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Ok<FollowUpResponse>, ProblemHttpResult>> GetFollowUp(FollowUps followUps, long id, CancellationToken cancellationToken) =>
        FollowUp(await followUps.GetAsync(id, cancellationToken), followUps);

    public static async Task<Results<Ok<FollowUpResponse>, ProblemHttpResult>> UpdateFollowUp(
        FollowUps followUps, long id, FollowUpRequest request, HttpContext http, CancellationToken cancellationToken) =>
        FollowUp(await followUps.UpdateAsync(id, request, http.User.ToActor(), http.User.PersonOf(), http.User.Can(Permission.IncidentsWrite), cancellationToken), followUps);

    private static Results<Ok<FollowUpResponse>, ProblemHttpResult> FollowUp(Result<Core.Incidents.Reviews.FollowUp> result, FollowUps followUps) =>
        result.Succeeded ? TypedResults.Ok(result.Value.ToResponse(followUps.Today)) : result.Error.ToProblem();

    private static Results<Ok<ReviewDetailResponse>, ProblemHttpResult> Detail(Result<ReviewDetail> result, FollowUps followUps) =>
        result.Succeeded ? TypedResults.Ok(result.Value.ToResponse(followUps.Today)) : result.Error.ToProblem();
}
