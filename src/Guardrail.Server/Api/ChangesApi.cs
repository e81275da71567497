using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class ChangesApi
{
    public static void MapChangesApi(this RouteGroupBuilder api)
    {
        var changes = api.MapGroup("/changes").WithTags("Changes");
        changes.MapGet("/", ListChanges).WithName(nameof(ListChanges))
            .WithSummary("List changes, newest first, by state, type, service and environment.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        changes.MapGet("/{reference}", GetChange).WithName(nameof(GetChange))
            .WithSummary("Get a change (CHG-n) with its risk factors, approvals, timeline and conflicts.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        changes.MapPost("/", CreateChange).WithName(nameof(CreateChange)).WithSummary("Request a change.")
            .RequireAuthorization(Policies.For(Permission.ChangesWrite));
        changes.MapPut("/{reference}", UpdateChange).WithName(nameof(UpdateChange))
            .WithSummary("Edit a requested or scheduled change; a scheduled one is assessed again.")
            .RequireAuthorization(Policies.For(Permission.ChangesWrite));
        changes.MapPost("/{reference}/transitions", TransitionChange).WithName(nameof(TransitionChange))
            .WithSummary("Move a change: submit it for assessment, start implementing, close its review, or cancel it.")
            .RequireAuthorization(Policies.For(Permission.ChangesWrite));
        changes.MapPost("/{reference}/outcome", ReportChangeOutcome).WithName(nameof(ReportChangeOutcome))
            .WithSummary("Report the outcome of the implementation: implemented, failed or rolled-back.")
            .RequireAuthorization(Policies.For(Permission.GateCall));
        changes.MapPut("/{reference}/review", ReviewChange).WithName(nameof(ReviewChange))
            .WithSummary("Write the post-implementation review, and close the change with it.")
            .RequireAuthorization(Policies.For(Permission.ChangesWrite));
        changes.MapPost("/{reference}/approve", ApproveChange).WithName(nameof(ApproveChange))
            .WithSummary("Approve a change waiting in authorisation (never your own: segregation of duties).")
            .RequireAuthorization(Policies.For(Permission.ChangesApprove));
        changes.MapPost("/{reference}/reject", RejectChange).WithName(nameof(RejectChange))
            .WithSummary("Reject a change waiting in authorisation.")
            .RequireAuthorization(Policies.For(Permission.ChangesApprove));

        api.MapGet("/change-calendar", GetChangeCalendar).WithTags("Changes").WithName(nameof(GetChangeCalendar))
            .WithSummary("Scheduled changes and the policy's freeze, blackout and maintenance windows over a period, with conflicts.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));

        var delegations = api.MapGroup("/approval-delegations").WithTags("Changes");
        delegations.MapGet("/", ListDelegations).WithName(nameof(ListDelegations)).WithSummary("List current and future approval delegations.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        delegations.MapPost("/", CreateDelegation).WithName(nameof(CreateDelegation)).WithSummary("Delegate your approvals to someone for a period.")
            .RequireAuthorization(Policies.For(Permission.ChangesApprove));
        delegations.MapDelete("/{id:long}", RevokeDelegation).WithName(nameof(RevokeDelegation)).WithSummary("Revoke a delegation.")
            .RequireAuthorization(Policies.For(Permission.ChangesApprove));

        var proposals = api.MapGroup("/model-proposals").WithTags("Changes");
        proposals.MapGet("/", ListModelProposals).WithName(nameof(ListModelProposals))
            .WithSummary("Proposals to promote change patterns to standard models, or to demote them.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        proposals.MapPost("/{id:long}/accept", AcceptModelProposal).WithName(nameof(AcceptModelProposal)).WithSummary("Accept a proposal.")
            .RequireAuthorization(Policies.For(Permission.PolicyManage));
        proposals.MapPost("/{id:long}/decline", DeclineModelProposal).WithName(nameof(DeclineModelProposal)).WithSummary("Decline a proposal.")
            .RequireAuthorization(Policies.For(Permission.PolicyManage));
    }

    public static async Task<Results<Ok<PageResponse<ChangeResponse>>, ProblemHttpResult>> ListChanges(
        ChangeRecords records, string? state, string? type, string? service, string? environment, string? search, int? limit, string? cursor,
        CancellationToken cancellationToken)
    {
        var page = await records.ListAsync(new ChangeQuery(state, type, service, environment, search), limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<ChangeResponse>([.. page.Value.Items.Select(c => c.ToResponse())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Ok<ChangeDetailResponse>, ProblemHttpResult>> GetChange(
        ChangeRecords records, ChangeCalendar calendar, string reference, CancellationToken cancellationToken)
    {
        var found = await records.GetAsync(reference, cancellationToken);
        if (!found.Succeeded)
            return found.Error.ToProblem();
        return TypedResults.Ok(found.Value.ToResponse(await calendar.ConflictsOfAsync(found.Value, cancellationToken)));
    }

    public static async Task<Results<Created<ChangeDetailResponse>, ProblemHttpResult>> CreateChange(
        ChangeRecords records, ChangeRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await records.CreateAsync(request, http.User.ToActor(), http.User.PersonOf(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/changes/{created.Value.Number}", created.Value.ToResponse([]))
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<ChangeDetailResponse>, ProblemHttpResult>> UpdateChange(
        ChangeRecords records, string reference, ChangeRequest request, HttpContext http, CancellationToken cancellationToken) =>
        Detail(await records.UpdateAsync(reference, request, http.User.ToActor(), cancellationToken));

    public static async Task<Results<Ok<ChangeDetailResponse>, ProblemHttpResult>> TransitionChange(
        ChangeRecords records, string reference, ChangeTransitionRequest request, HttpContext http, CancellationToken cancellationToken) =>
        Detail(await records.TransitionAsync(reference, request, http.User.ToActor(), http.User.PersonOf(), cancellationToken));

    public static async Task<Results<Ok<ChangeDetailResponse>, ProblemHttpResult>> ReportChangeOutcome(
        ChangeRecords records, string reference, ChangeOutcomeRequest request, HttpContext http, CancellationToken cancellationToken) =>
        Detail(await records.ReportOutcomeAsync(reference, request, http.User.ToActor(), cancellationToken));

    public static async Task<Results<Ok<ChangeDetailResponse>, ProblemHttpResult>> ReviewChange(
        ChangeRecords records, string reference, ChangeReviewRequest request, HttpContext http, CancellationToken cancellationToken) =>
        Detail(await records.ReviewAsync(reference, request, http.User.ToActor(), cancellationToken));

    public static async Task<Results<Ok<ChangeDetailResponse>, ProblemHttpResult>> ApproveChange(
        ChangeApprovals approvals, string reference, VoteRequest? request, HttpContext http, CancellationToken cancellationToken) =>
        Detail(await approvals.VoteAsync(reference, http.User.PersonOf(), Vote.Approve, request?.Comment, ApprovalChannel.Api, cancellationToken));

    public static async Task<Results<Ok<ChangeDetailResponse>, ProblemHttpResult>> RejectChange(
        ChangeApprovals approvals, string reference, VoteRequest? request, HttpContext http, CancellationToken cancellationToken) =>
        Detail(await approvals.VoteAsync(reference, http.User.PersonOf(), Vote.Reject, request?.Comment, ApprovalChannel.Api, cancellationToken));

    public static async Task<Results<Ok<CalendarResponse>, ProblemHttpResult>> GetChangeCalendar(
        ChangeCalendar calendar, TimeProvider clock, DateTime? from, DateTime? to, string? service, string? environment, CancellationToken cancellationToken)
    {
        var start = from?.ToUniversalTime() ?? clock.UtcNow().Date;
        if (start > DateTime.MaxValue.AddYears(-1))
            return Error.Invalid("from", "'from' is too far in the future.").ToProblem();
        var end = to?.ToUniversalTime() ?? start.AddDays(28);
        var found = await calendar.GetAsync(start, end, service, environment, cancellationToken);
        return found.Succeeded
            ? TypedResults.Ok(new CalendarResponse(start, end, [.. found.Value.Entries.Select(e => e.ToResponse())], [.. found.Value.Conflicts.Select(c => c.ToResponse())]))
            : found.Error.ToProblem();
    }

    public static async Task<Ok<IReadOnlyList<DelegationResponse>>> ListDelegations(ChangeApprovals approvals, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<DelegationResponse>>([.. (await approvals.DelegationsAsync(cancellationToken)).Select(d => d.ToResponse())]);

    public static async Task<Results<Created<DelegationResponse>, ProblemHttpResult>> CreateDelegation(
        ChangeApprovals approvals, DelegationRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await approvals.DelegateAsync(http.User.PersonOf(), request, cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/approval-delegations/{created.Value.Id}", created.Value.ToResponse())
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<DelegationResponse>, ProblemHttpResult>> RevokeDelegation(
        ChangeApprovals approvals, long id, HttpContext http, CancellationToken cancellationToken)
    {
        var revoked = await approvals.RevokeDelegationAsync(id, http.User.PersonOf(), http.User.ToActor(), http.User.Can(Permission.PolicyManage), cancellationToken);
        return revoked.Succeeded ? TypedResults.Ok(revoked.Value.ToResponse()) : revoked.Error.ToProblem();
    }

    public static async Task<Results<Ok<PageResponse<ModelProposalResponse>>, ProblemHttpResult>> ListModelProposals(
        ModelPromotions promotions, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await promotions.ListAsync(status, limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<ModelProposalResponse>([.. page.Value.Items.Select(p => p.ToResponse())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Ok<ModelProposalResponse>, ProblemHttpResult>> AcceptModelProposal(
        ModelPromotions promotions, long id, ProposalDecisionRequest request, HttpContext http, CancellationToken cancellationToken) =>
        Proposal(await promotions.DecideAsync(id, accept: true, request.Version, request.Comment, http.User.ToActor(), cancellationToken));

    public static async Task<Results<Ok<ModelProposalResponse>, ProblemHttpResult>> DeclineModelProposal(
        ModelPromotions promotions, long id, ProposalDecisionRequest request, HttpContext http, CancellationToken cancellationToken) =>
        Proposal(await promotions.DecideAsync(id, accept: false, request.Version, request.Comment, http.User.ToActor(), cancellationToken));

    private static Results<Ok<ModelProposalResponse>, ProblemHttpResult> Proposal(Result<ModelProposal> decided) =>
        decided.Succeeded ? TypedResults.Ok(decided.Value.ToResponse()) : decided.Error.ToProblem();

    private static Results<Ok<ChangeDetailResponse>, ProblemHttpResult> Detail(Result<ChangeRecord> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value.ToResponse([])) : result.Error.ToProblem();
}
