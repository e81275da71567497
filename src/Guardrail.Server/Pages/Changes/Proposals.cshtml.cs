using Guardrail.Core.Access;
using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Changes;

/// <summary>Standard-change promotion and demotion proposals; a change manager accepts or declines them.</summary>
public sealed class ProposalsModel(ModelPromotions promotions) : PageModel
{
    public IReadOnlyList<ModelProposal> Proposals { get; private set; } = [];

    public Error? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(long id, long version, string decision, string? comment, CancellationToken cancellationToken)
    {
        if (!User.Can(Permission.PolicyManage))
            return Forbid();
        var decided = await promotions.DecideAsync(id, decision == "accept", version, comment, User.ToActor(), cancellationToken);
        if (decided.Succeeded)
        {
            TempData[Notice.Key] = $"Proposal #{id} is {WireNames.Of(decided.Value.Status)}.";
            return Redirect("/changes/proposals");
        }
        Error = decided.Error;
        Response.StatusCode = decided.Error.StatusOf();
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var page = await promotions.ListAsync(status: null, limit: 500, cursor: null, cancellationToken);
        Proposals = page.Succeeded ? [.. page.Value.Items.OrderBy(p => p.Status != ProposalStatus.Open).ThenByDescending(p => p.Id)] : [];
    }
}
