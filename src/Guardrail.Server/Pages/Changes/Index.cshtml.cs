using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Changes;

public sealed class IndexModel(ChangeRecords records, ServiceRegistry services, EnvironmentRegistry environments) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Environment { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<ChangeRecord> Changes { get; private set; } = [];

    public IReadOnlyList<Service> Services { get; private set; } = [];

    public IReadOnlyList<DeploymentEnvironment> Environments { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public Error? Error { get; private set; }

    public bool Filtered => State is not null || Type is not null || Service is not null || Environment is not null || Search is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Services = await services.AllServicesAsync(new ServiceQuery(), cancellationToken);
        Environments = await environments.AllEnvironmentsAsync(cancellationToken);
        var page = await records.ListAsync(new ChangeQuery(State, Type, Service, Environment, Search), limit: null, Cursor, cancellationToken);
        if (!page.Succeeded)
        {
            Error = page.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Changes = page.Value.Items;
        NextCursor = page.Value.NextCursor;
    }
}
