using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Problems;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Problems;

/// <summary>One problem: its analysis and fix, the incidents it explains (linked and unlinked here), its moves and timeline.</summary>
public sealed class DetailsModel(ProblemRecords records) : PageModel
{
    [FromRoute]
    public string Reference { get; set; } = "";

    public Problem? Problem { get; private set; }

    public Error? Error { get; private set; }

    public bool CanWrite => User.Can(Permission.IncidentsWrite);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostLinkAsync(string? incident, long version, CancellationToken cancellationToken)
    {
        if (!CanWrite)
            return Forbid();
        var linked = await records.LinkIncidentAsync(Reference, new ProblemLinkRequest(incident, version), User.ToActor(), cancellationToken);
        return await AfterAsync(linked, $"{incident?.Trim().ToUpperInvariant()} is linked.", cancellationToken);
    }

    public async Task<IActionResult> OnPostUnlinkAsync(string incident, long version, CancellationToken cancellationToken)
    {
        if (!CanWrite)
            return Forbid();
        var unlinked = await records.UnlinkIncidentAsync(Reference, incident, version, User.ToActor(), cancellationToken);
        return await AfterAsync(unlinked, $"{incident} is unlinked.", cancellationToken);
    }

    public async Task<IActionResult> OnPostMoveAsync(string to, long version, string? comment, CancellationToken cancellationToken)
    {
        if (!CanWrite)
            return Forbid();
        var moved = await records.TransitionAsync(Reference, new ProblemTransitionRequest(to, version, comment), User.ToActor(), cancellationToken);
        return await AfterAsync(moved, $"Moved to {to}.", cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(Result<Problem> result, string notice, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            TempData[Notice.Key] = notice;
            return Redirect($"/problems/{result.Value.Number}");
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
        Problem = found.Value;
        return Page();
    }
}
