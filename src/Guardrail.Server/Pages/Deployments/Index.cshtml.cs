using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Deployments;

public sealed class IndexModel(DeploymentLog log, ServiceRegistry services, EnvironmentRegistry environments) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Service { get; set; }

    /// <summary>An environment's key, or the name a tool gave an environment that maps to none.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Environment { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<Deployment> Deployments { get; private set; } = [];

    public IReadOnlyList<Service> Services { get; private set; } = [];

    public IReadOnlyList<DeploymentEnvironment> Environments { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public Error? Error { get; private set; }

    public bool Filtered => Service is not null || Environment is not null || Status is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Services = await services.AllServicesAsync(new ServiceQuery(), cancellationToken);
        Environments = await environments.AllEnvironmentsAsync(cancellationToken);
        var page = await log.ListAsync(Service, Environment, Status, limit: null, Cursor, cancellationToken);
        if (!page.Succeeded)
        {
            Error = page.Error;
            return;
        }
        Deployments = page.Value.Items;
        NextCursor = page.Value.NextCursor;
    }
}
