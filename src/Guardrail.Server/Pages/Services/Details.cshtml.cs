using System.Globalization;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Measurement;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Api;
using Guardrail.Server.Pages.Dashboards;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Pages.Services;

public sealed class DetailsModel(ServiceRegistry registry, DeploymentLog deployments, MetricsEngine engine, IOptions<MetricsOptions> options) : PageModel
{
    public const int RecentDeploymentCount = 10;

    [FromRoute]
    public string Key { get; set; } = "";

    public Service? Service { get; private set; }

    public IReadOnlyList<Service> Parts { get; private set; } = [];

    public IReadOnlyList<Deployment> RecentDeployments { get; private set; } = [];

    public DeliverySummary? Delivery { get; private set; }

    public Error? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Reading the page needs only the folder's reader policy, so deleting checks the write permission itself.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(long? version, CancellationToken cancellationToken)
    {
        if (!User.Can(Permission.CatalogWrite))
            return Forbid();
        var deleted = await registry.DeleteAsync(new RecordReference(null, Key), version, User.ToActor(), cancellationToken);
        if (deleted.Succeeded)
        {
            TempData[Notice.Key] = $"Service '{deleted.Value.Name}' was deleted.";
            return Redirect("/services");
        }
        await LoadAsync(cancellationToken);
        if (Error is null)
        {
            Error = deleted.Error;
            Response.StatusCode = deleted.Error.StatusOf();
        }
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var found = await registry.GetAsync(new RecordReference(null, Key), cancellationToken);
        if (!found.Succeeded)
        {
            Error = found.Error;
            Response.StatusCode = found.Error.StatusOf();
            return;
        }
        Service = found.Value;
        if (Service.Kind == ServiceKind.Business)
            Parts = await registry.AllServicesAsync(new ServiceQuery(BusinessService: Service.Key), cancellationToken);
        var recent = await deployments.ListAsync(Service.Id.ToString(CultureInfo.InvariantCulture), null, null, RecentDeploymentCount, null, cancellationToken);
        RecentDeployments = recent.Succeeded ? recent.Value.Items : throw new InvalidOperationException($"Listing deployments failed with {recent.Error.Code}.");
        Delivery = await DeliverySummary.LoadAsync(engine, User, "Delivery metrics", new DashboardFilter { Service = Service.Key },
            DashboardRequests.Zone(options.Value), cancellationToken);
    }
}
