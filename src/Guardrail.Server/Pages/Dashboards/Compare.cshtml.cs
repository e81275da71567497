using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Measurement;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Pages.Dashboards;

/// <summary>Every figure of one scope over two periods side by side: the "before" and "after" of an improvement.</summary>
[RequirePermission(Permission.MetricsRead)]
public sealed class CompareModel(
    MetricsEngine engine, ServiceRegistry services, TeamDirectory teams, EnvironmentRegistry environments, IOptions<MetricsOptions> options,
    TimeProvider clock) : PageModel
{
    public CompareFilter Filter { get; private set; } = new();

    public FilterLists Lists { get; private set; } = FilterLists.Empty;

    public (Period Before, Period After)? Periods { get; private set; }

    public MetricsReport? Before { get; private set; }

    public MetricsReport? After { get; private set; }

    public Error? Error { get; private set; }

    public async Task OnGetAsync([FromQuery] CompareFilter filter, CancellationToken cancellationToken)
    {
        Filter = filter;
        Lists = await FilterLists.LoadAsync(services, teams, environments, cancellationToken);
        var zone = DashboardRequests.Zone(options.Value);
        var periods = filter.Periods(Buckets.Day(clock.UtcNow(), zone));
        if (!periods.Succeeded)
        {
            Fail(periods.Error);
            return;
        }
        Periods = periods.Value;
        var before = await ReportAsync(periods.Value.Before, zone, cancellationToken);
        var after = before.Succeeded ? await ReportAsync(periods.Value.After, zone, cancellationToken) : before.Error;
        if (!after.Succeeded)
        {
            Fail(after.Error);
            return;
        }
        (Before, After) = (before.Value, after.Value);
    }

    private async Task<Result<MetricsReport>> ReportAsync(Period period, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var request = period.Over(Filter.Scope).ToRequest(zone);
        return request.Succeeded ? await engine.ReportAsync(request.Value, cancellationToken) : request.Error;
    }

    private void Fail(Error error)
    {
        Error = error;
        Response.StatusCode = DashboardRequests.StatusOf(error);
    }
}
