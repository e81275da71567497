using System.Globalization;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Measurement;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Measurement;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Pages.Dashboards;

/// <summary>The records behind one figure, a hundred to a page, and all of them as CSV.</summary>
[RequirePermission(Permission.MetricsRead)]
public sealed class RecordsModel(
    MetricRecords records, ServiceRegistry services, TeamDirectory teams, EnvironmentRegistry environments,
    IOptions<MetricsOptions> options, TimeProvider clock) : PageModel
{
    public const int PageSize = 100;

    [FromRoute]
    public string Metric { get; set; } = "";

    /// <summary>Which hundred rows, from 1 ("page" itself is the route value naming the Razor page).</summary>
    [BindProperty(SupportsGet = true)]
    public int? PageNumber { get; set; }

    public DashboardFilter Filter { get; private set; } = new();

    public FilterLists Lists { get; private set; } = FilterLists.Empty;

    public IReadOnlyList<string> WindowSuggestions { get; private set; } = [];

    public MetricsReport? Report { get; private set; }

    public MetricFigure? Figure => Report?[Metric];

    public MetricTable? Table { get; private set; }

    public int Current => PageNumber ?? 1;

    public IEnumerable<object?[]> Rows => Table?.Rows.Skip((Current - 1) * PageSize).Take(PageSize) ?? [];

    public int PageCount => Table is null ? 0 : Math.Max(1, (Table.Rows.Count + PageSize - 1) / PageSize);

    public Error? Error { get; private set; }

    public string ApiPath => $"/api/v1/metrics/{Metric}/records{Filter.ToQueryString("format", "csv")}";

    public string Path => $"{DashboardLinks.Overview}/records/{Uri.EscapeDataString(Metric)}";

    public string CsvLink => Path + Filter.ToQueryString("handler", "csv");

    public string PageLink(int number) => Path + Filter.ToQueryString("pageNumber", number.ToString(CultureInfo.InvariantCulture));

    public async Task OnGetAsync([FromQuery] DashboardFilter filter, CancellationToken cancellationToken)
    {
        Filter = filter;
        Lists = await FilterLists.LoadAsync(services, teams, environments, cancellationToken);
        var zone = DashboardRequests.Zone(options.Value);
        WindowSuggestions = DashboardRequests.WindowSuggestions(clock.UtcNow(), zone);
        if (!Metrics.All.Contains(Metric))
        {
            Fail(Error.NotFound("metric", Metric), StatusCodes.Status404NotFound);
            return;
        }
        if (PageNumber < 1)
        {
            Fail(Error.Invalid("pageNumber", "'pageNumber' counts from 1."));
            return;
        }
        var request = filter.ToRequest(zone);
        if (!request.Succeeded)
        {
            Fail(request.Error);
            return;
        }
        var listed = await records.ReportAndListAsync(Metric, request.Value, cancellationToken);
        if (!listed.Succeeded)
        {
            Fail(listed.Error);
            return;
        }
        (Report, Table) = listed.Value;
    }

    /// <summary>Every row as CSV, written by the API's own writer: the API takes tokens only, and people here carry a cookie.</summary>
    public async Task<IActionResult> OnGetCsvAsync([FromQuery] DashboardFilter filter, CancellationToken cancellationToken)
    {
        var request = filter.ToRequest(DashboardRequests.Zone(options.Value));
        var table = request.Succeeded ? await records.ListAsync(Metric, request.Value, cancellationToken) : request.Error;
        if (table.Succeeded)
            return new MetricCsv(table.Value);
        await OnGetAsync(filter, cancellationToken);
        return Page();
    }

    private void Fail(Error error, int? status = null)
    {
        Error = error;
        Response.StatusCode = status ?? DashboardRequests.StatusOf(error);
    }
}
