using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Inbox;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Integrations;

[RequirePermission(Permission.IntegrationsManage)]
public sealed class DeliveriesModel(Deliveries deliveries, IntegrationRegistry registry) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Integration { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<DeliverySummary> Deliveries { get; private set; } = [];

    public IReadOnlyList<Integration> Integrations { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public Error? Error { get; private set; }

    public bool Filtered => Status is not null || Integration is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Integrations = [.. (await registry.ListAsync(cancellationToken)).Select(i => i.Integration)];
        var page = await deliveries.ListAsync(Status, Integration, limit: null, Cursor, cancellationToken);
        if (!page.Succeeded)
        {
            Error = page.Error;
            return;
        }
        Deliveries = page.Value.Items;
        NextCursor = page.Value.NextCursor;
    }
}
