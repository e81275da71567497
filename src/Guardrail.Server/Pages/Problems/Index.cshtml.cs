using Guardrail.Core.Common;
using Guardrail.Core.Problems;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Problems;

/// <summary>The problem list, and the known-error list with its search: words over title, symptoms and workaround, and a service.</summary>
public sealed class IndexModel(ProblemRecords records, ServiceRegistry services) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool KnownErrors { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public IReadOnlyList<Service> Services { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public Error? Error { get; private set; }

    public bool Filtered => State is not null || Service is not null || KnownErrors || Search is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Services = await services.AllServicesAsync(new ServiceQuery(), cancellationToken);
        var page = await records.ListAsync(new ProblemQuery(State, Service, KnownErrors, Search), limit: null, Cursor, cancellationToken);
        if (!page.Succeeded)
        {
            Error = page.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Problems = page.Value.Items;
        NextCursor = page.Value.NextCursor;
    }
}
