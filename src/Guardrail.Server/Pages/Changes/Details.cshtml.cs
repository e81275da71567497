using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Changes;

/// <summary>
/// One change: its risk and why, its approvals and timeline, what it touches and conflicts with. Approvers vote here
/// (the same rules as every channel, segregation of duties included); change writers move it and write its review.
/// </summary>
public sealed class DetailsModel(ChangeRecords records, ChangeApprovals approvals, ChangeCalendar calendar) : PageModel
{
    [FromRoute]
    public string Reference { get; set; } = "";

    public ChangeRecord? Change { get; private set; }

    public IReadOnlyList<ChangeConflict> Conflicts { get; private set; } = [];

    /// <summary>Why the last action was refused, shown above the part it was about.</summary>
    public Error? Error { get; private set; }

    public bool CanVote => Change is { State: ChangeState.Authorisation } && User.Can(Permission.ChangesApprove);

    public bool CanWrite => User.Can(Permission.ChangesWrite);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostVoteAsync(string decision, string? comment, CancellationToken cancellationToken)
    {
        if (!User.Can(Permission.ChangesApprove))
            return Forbid();
        var vote = decision == "reject" ? Vote.Reject : Vote.Approve;
        var voted = await approvals.VoteAsync(Reference, User.PersonOf(), vote, comment, ApprovalChannel.Web, cancellationToken);
        return await AfterAsync(voted, vote == Vote.Approve ? "Your approval is recorded." : "Your rejection is recorded.", cancellationToken);
    }

    public async Task<IActionResult> OnPostMoveAsync(string to, long version, string? comment, CancellationToken cancellationToken)
    {
        if (!User.Can(Permission.ChangesWrite))
            return Forbid();
        var moved = await records.TransitionAsync(Reference, new ChangeTransitionRequest(to, version, comment), User.ToActor(), User.PersonOf(), cancellationToken);
        return await AfterAsync(moved, $"Moved to {to}.", cancellationToken);
    }

    public async Task<IActionResult> OnPostReviewAsync(string? notes, long version, bool close, CancellationToken cancellationToken)
    {
        if (!User.Can(Permission.ChangesWrite))
            return Forbid();
        var reviewed = await records.ReviewAsync(Reference, new ChangeReviewRequest(notes, version, close), User.ToActor(), cancellationToken);
        return await AfterAsync(reviewed, close ? "The review is complete and the change closed." : "The review is saved.", cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(Result<ChangeRecord> result, string notice, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            TempData[Notice.Key] = notice;
            return Redirect($"/changes/{result.Value.Number}");
        }
        Error = result.Error;
        var page = await LoadAsync(cancellationToken);
        Response.StatusCode = result.Error.StatusOf();
        return page;
    }

    private async Task<IActionResult> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await records.GetAsync(Reference, cancellationToken);
        if (!found.Succeeded)
        {
            Error = found.Error;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Change = found.Value;
        Conflicts = await calendar.ConflictsOfAsync(Change, cancellationToken);
        return Page();
    }
}
