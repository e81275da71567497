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

/// <summary>What the edit form changes; the rest of the change stays as it is.</summary>
public sealed record ChangeEditForm(string? Title, string? Description, string? Implementer, DateTime? PlannedStart, DateTime? PlannedEnd, string? Justification, long Version);

/// <summary>Edits a requested change, or a scheduled one (which the policy assesses again).</summary>
[RequirePermission(Permission.ChangesWrite)]
public sealed class EditModel(ChangeRecords records) : PageModel
{
    public static readonly string[] Fields = ["title", "description", "implementer", "plannedStart", "plannedEnd", "justification"];

    [FromRoute]
    public string Reference { get; set; } = "";

    public ChangeRecord? Change { get; private set; }

    public ChangeEditForm? Values { get; private set; }

    public Error? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        var change = Change!;
        Values = new(change.Title, change.Description, change.Implementer, change.PlannedStart, change.PlannedEnd, change.Justification, change.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(ChangeEditForm form, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        var change = Change!;
        Values = form;
        var request = new ChangeRequest(form.Title, change.Service!.Key, change.Environment!.Key, change.Type == ChangeType.Emergency ? "emergency" : "normal", change.Model,
            form.Description, change.Requester, form.Implementer,
            form.PlannedStart is { } start ? DateTime.SpecifyKind(start, DateTimeKind.Utc) : null,
            form.PlannedEnd is { } end ? DateTime.SpecifyKind(end, DateTimeKind.Utc) : null,
            [.. change.Cis.Select(c => c.CiId.ToString(System.Globalization.CultureInfo.InvariantCulture))], [.. change.Commits.Select(c => c.Sha)],
            [.. change.PullRequests.Select(p => $"{p.Repository}#{p.Number}")], change.Repository, change.CommitSha, change.PipelineRunUrl, form.Justification, form.Version);
        var updated = await records.UpdateAsync(Reference, request, User.ToActor(), cancellationToken);
        if (!updated.Succeeded)
        {
            Error = updated.Error;
            Response.StatusCode = updated.Error.StatusOf();
            return Page();
        }
        TempData[Notice.Key] = $"{updated.Value.Number} is saved ({WireNames.Of(updated.Value.State)}).";
        return Redirect($"/changes/{updated.Value.Number}");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await records.GetAsync(Reference, cancellationToken);
        Change = found.Succeeded ? found.Value : null;
        return Change is not null;
    }
}
