using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Measurement;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Api;
using Guardrail.Server.Pages.Dashboards;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Pages.Teams;

public sealed class DetailsModel(TeamDirectory directory, ServiceRegistry registry, MetricsEngine engine, IOptions<MetricsOptions> options) : PageModel
{
    [FromRoute]
    public string Key { get; set; } = "";

    public Team? Team { get; private set; }

    public IReadOnlyList<Service> Services { get; private set; } = [];

    public DeliverySummary? Delivery { get; private set; }

    public Error? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Reading the page needs only the folder's reader policy, so deleting checks the write permission itself.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(long? version, CancellationToken cancellationToken)
    {
        if (!User.Can(Permission.CatalogWrite))
            return Forbid();
        var deleted = await directory.DeleteAsync(new RecordReference(null, Key), version, User.ToActor(), cancellationToken);
        if (deleted.Succeeded)
        {
            TempData[Notice.Key] = $"Team '{deleted.Value.Name}' was deleted.";
            return Redirect("/teams");
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
        var found = await directory.GetAsync(new RecordReference(null, Key), cancellationToken);
        if (!found.Succeeded)
        {
            Error = found.Error;
            Response.StatusCode = found.Error.StatusOf();
            return;
        }
        Team = found.Value;
        Services = await registry.AllServicesAsync(new ServiceQuery(Team: Team.Key), cancellationToken);
        Delivery = await DeliverySummary.LoadAsync(engine, User, "Delivery metrics of its services, pooled", new DashboardFilter { Team = Team.Key },
            DashboardRequests.Zone(options.Value), cancellationToken);
    }
}
