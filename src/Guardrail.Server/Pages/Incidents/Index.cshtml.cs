using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Incidents;

/// <summary>
/// The queue of open incidents in the order they are worked (priority, then when their resolution is due), or with
/// <c>view=all</c> every incident, newest first, a page at a time.
/// </summary>
public sealed class IndexModel(IncidentRecords records, ServiceRegistry services, TeamDirectory teams) : PageModel
{
    public const string AllView = "all";

    [BindProperty(SupportsGet = true)]
    public string? View { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Priority { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Team { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Assignee { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Major { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sla { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public bool ShowsAll => View == AllView;

    public IReadOnlyList<Incident> Incidents { get; private set; } = [];

    public IReadOnlyList<Service> Services { get; private set; } = [];

    public IReadOnlyList<Team> Teams { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public Error? Error { get; private set; }

    public bool Filtered => State is not null || Priority is not null || Service is not null || Team is not null || Assignee is not null
        || Major is not null || Sla is not null || Search is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Services = await services.AllServicesAsync(new ServiceQuery(), cancellationToken);
        Teams = await teams.AllTeamsAsync(cancellationToken);
        var query = new IncidentQuery(ShowsAll ? State : null, Priority, Service, Team, Assignee, Major, Sla: Sla, Search: Search);
        if (ShowsAll)
        {
            var page = await records.ListAsync(query, limit: null, Cursor, cancellationToken);
            if (page.Succeeded)
                (Incidents, NextCursor) = (page.Value.Items, page.Value.NextCursor);
            else
                Error = page.Error;
        }
        else
        {
            var queue = await records.QueueAsync(query, cancellationToken);
            if (queue.Succeeded)
                Incidents = queue.Value;
            else
                Error = queue.Error;
        }
        if (Error is not null)
            Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
