using Guardrail.Core.Common;
using Guardrail.Core.Incidents.Reviews;
using Guardrail.Server.Api;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Reviews;

/// <summary>The follow-up tracker across every review: overdue ones first to look at, by state or owner, each marked done here.</summary>
public sealed class FollowUpsModel(FollowUps followUps) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Owner { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<FollowUp> Items { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public Error? Error { get; private set; }

    public DateOnly Today => followUps.Today;

    public bool Filtered => Overdue || State is not null || Owner is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(long id, string state, string? outcome, long version, CancellationToken cancellationToken)
    {
        var moved = await FollowUpChanges.MoveAsync(followUps, User, id, state, outcome, version, cancellationToken);
        if (moved.Succeeded)
        {
            TempData[Notice.Key] = $"Follow-up {id} is {state}.";
            return RedirectToPage(new { overdue = Overdue, state = State, owner = Owner });
        }
        Error = moved.Error;
        Response.StatusCode = moved.Error.StatusOf();
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var page = await followUps.ListAsync(new FollowUpQuery(State, Overdue, string.IsNullOrWhiteSpace(Owner) ? null : Owner.Trim()), limit: null, Cursor, cancellationToken);
        if (!page.Succeeded)
        {
            Error ??= page.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Items = [.. page.Value.Items.OrderBy(f => f.State).ThenBy(f => f.DueOn)];
        NextCursor = page.Value.NextCursor;
    }
}
