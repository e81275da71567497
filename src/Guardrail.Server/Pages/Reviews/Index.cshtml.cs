using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Core.Incidents.Reviews;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Reviews;

/// <summary>
/// Post-incident reviews, and the resolved incidents still without one, each with a button to draft it. Other pages (an
/// incident's) draft through the Draft handler here: POST /reviews?handler=Draft with incident=INC-n.
/// </summary>
public sealed class IndexModel(IncidentReviews reviews) : PageModel
{
    public const int WithoutReviewShown = 20;

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<IncidentReview> Reviews { get; private set; } = [];

    public IReadOnlyList<Incident> WithoutReview { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public Error? Error { get; private set; }

    public bool CanDraft => User.Can(Permission.IncidentsWrite);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostDraftAsync(string? incident, CancellationToken cancellationToken)
    {
        if (!CanDraft)
            return Forbid();
        var drafted = RecordNumber.Incident.TryParse(incident, out var id)
            ? await reviews.DraftAsync(id, User.ToActor(), cancellationToken)
            : Error.Invalid("incident", $"'{incident}' is not an incident number (INC-n).");
        if (!drafted.Succeeded)
        {
            Error = drafted.Error;
            Response.StatusCode = drafted.Error.StatusOf();
            await LoadAsync(cancellationToken);
            return Page();
        }
        var number = RecordNumber.Incident.Format(drafted.Value.Review.IncidentId);
        TempData[Notice.Key] = drafted.Value.Created ? $"The review of {number} is drafted from the incident." : $"{number} has this review already.";
        return Redirect($"/reviews/{drafted.Value.Review.Id}");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        WithoutReview = await reviews.ResolvedWithoutReviewAsync(WithoutReviewShown, cancellationToken);
        var page = await reviews.ListAsync(new ReviewQuery(State), limit: null, Cursor, cancellationToken);
        if (!page.Succeeded)
        {
            Error ??= page.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Reviews = page.Value.Items;
        NextCursor = page.Value.NextCursor;
    }
}
