using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Problems;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Problems;

/// <summary>Edits a problem's analysis, workaround, fix, services and incidents, and moves it in the same save.</summary>
[RequirePermission(Permission.IncidentsWrite)]
public sealed class EditModel(ProblemRecords records, ServiceRegistry services) : PageModel
{
    [FromRoute]
    public string Reference { get; set; } = "";

    public Problem? Problem { get; private set; }

    public ProblemFormView? Form { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var found = await records.GetAsync(Reference, cancellationToken);
        if (!found.Succeeded)
            return NotFound();
        Problem = found.Value;
        var problem = found.Value;
        await ShowAsync(new ProblemForm(problem.Title, problem.Description, problem.Symptoms, [.. problem.Services.Select(l => l.Service!.Key)],
            string.Join('\n', problem.Incidents.Select(l => RecordNumber.Incident.Format(l.IncidentId))), problem.RootCause, problem.Workaround, problem.Fix,
            problem.FixChangeId is { } change ? RecordNumber.Change.Format(change) : null, null, problem.Version), null, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(ProblemForm form, CancellationToken cancellationToken)
    {
        var updated = await records.UpdateAsync(Reference, form.ToRequest(), User.ToActor(), cancellationToken);
        if (updated.Succeeded)
        {
            TempData[Notice.Key] = $"{updated.Value.Number} is saved ({WireNames.Of(updated.Value.State)}).";
            return Redirect($"/problems/{updated.Value.Number}");
        }
        var found = await records.GetAsync(Reference, cancellationToken);
        if (!found.Succeeded)
            return NotFound();
        Problem = found.Value;
        Response.StatusCode = updated.Error.StatusOf();
        await ShowAsync(form, updated.Error, cancellationToken);
        return Page();
    }

    private async Task ShowAsync(ProblemForm values, Error? error, CancellationToken cancellationToken) =>
        Form = new ProblemFormView(values, error, await services.AllServicesAsync(new ServiceQuery(), cancellationToken), Problem!.State,
            [.. ProblemTransitions.From(Problem.State)]);
}
