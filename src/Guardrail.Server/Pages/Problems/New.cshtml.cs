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

/// <summary>Logs a problem, from the incidents it explains (?incident=INC-n fills one in).</summary>
[RequirePermission(Permission.IncidentsWrite)]
public sealed class NewModel(ProblemRecords records, ServiceRegistry services) : PageModel
{
    public ProblemFormView? Form { get; private set; }

    public async Task OnGetAsync(string? incident, CancellationToken cancellationToken) =>
        await ShowAsync(new ProblemForm(null, null, null, [], incident, null, null, null, null, null, null), null, cancellationToken);

    public async Task<IActionResult> OnPostAsync(ProblemForm form, CancellationToken cancellationToken)
    {
        var created = await records.CreateAsync(form.ToRequest() with { Services = form.Services is { Length: > 0 } ? form.Services : null }, User.ToActor(), cancellationToken);
        if (!created.Succeeded)
        {
            Response.StatusCode = created.Error.StatusOf();
            await ShowAsync(form, created.Error, cancellationToken);
            return Page();
        }
        TempData[Notice.Key] = $"{created.Value.Number} is logged.";
        return Redirect($"/problems/{created.Value.Number}");
    }

    private async Task ShowAsync(ProblemForm values, Error? error, CancellationToken cancellationToken) =>
        Form = new ProblemFormView(values, error, await services.AllServicesAsync(new ServiceQuery(), cancellationToken), null,
            [.. ProblemTransitions.From(ProblemState.New)]);
}
