using System.Globalization;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;
using Guardrail.Server.Api;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Cmdb;

public sealed class IndexModel(ConfigurationItems items, ServiceRegistry registry) : PageModel
{
    /// <summary>What a datetime-local input sends (seconds only when the user typed them); read as UTC, as the pages show times.</summary>
    private static readonly string[] s_asOfFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Class { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? AsOf { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<ConfigurationItem> Items { get; private set; } = [];

    public IReadOnlyList<Service> Services { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public Error? Error { get; private set; }

    public bool Filtered => Q is not null || Class is not null || Status is not null || Service is not null || AsOf is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Services = await registry.AllServicesAsync(new ServiceQuery(), cancellationToken);
        DateTime? asOf = null;
        if (AsOf is not null)
        {
            if (!DateTime.TryParseExact(AsOf, s_asOfFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                Error = Error.Invalid("asOf", $"'{AsOf}' is not a date and time such as 2025-01-31T14:30.");
                Response.StatusCode = Error.StatusOf();
                return;
            }
            asOf = at;
        }
        var page = await items.ListAsync(new CiQuery(Q, Class, Status, Service, asOf), limit: null, Cursor, cancellationToken);
        if (!page.Succeeded)
        {
            Error = page.Error;
            Response.StatusCode = page.Error.StatusOf();
            return;
        }
        Items = page.Value.Items;
        NextCursor = page.Value.NextCursor;
    }
}
