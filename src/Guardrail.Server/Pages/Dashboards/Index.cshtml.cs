using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Measurement;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Pages.Dashboards;

/// <summary>The DORA metrics and the ITIL measures of the organisation, a service, a team or a business service.</summary>
[RequirePermission(Permission.MetricsRead)]
public sealed class IndexModel(
    MetricsEngine engine, ServiceRegistry services, TeamDirectory teams, EnvironmentRegistry environments, IOptions<MetricsOptions> options,
    TimeProvider clock) : PageModel
{
    public DashboardFilter Filter { get; private set; } = new();

    public FilterLists Lists { get; private set; } = FilterLists.Empty;

    public IReadOnlyList<string> WindowSuggestions { get; private set; } = [];

    public MetricsReport? Report { get; private set; }

    public Error? Error { get; private set; }

    public async Task OnGetAsync([FromQuery] DashboardFilter filter, CancellationToken cancellationToken)
    {
        Filter = filter;
        Lists = await FilterLists.LoadAsync(services, teams, environments, cancellationToken);
        var zone = DashboardRequests.Zone(options.Value);
        WindowSuggestions = DashboardRequests.WindowSuggestions(clock.UtcNow(), zone);
        var request = filter.ToRequest(zone);
        var report = request.Succeeded ? await engine.ReportAsync(request.Value, cancellationToken) : request.Error;
        if (report.Succeeded)
            Report = report.Value;
        else
            Fail(report.Error);
    }

    private void Fail(Error error)
    {
        Error = error;
        Response.StatusCode = DashboardRequests.StatusOf(error);
    }
}
