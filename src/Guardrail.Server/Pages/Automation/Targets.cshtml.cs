using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Automation;

/// <summary>A target with its circuit as this node sees it.</summary>
public sealed record TargetRow(OutboundTarget Target, CircuitState Circuit);

[RequirePermission(Permission.IntegrationsManage)]
public sealed class TargetsModel(OutboundTargets targets, OutboxCircuits circuits, OutboxMessages messages) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<TargetRow> Targets { get; private set; } = [];

    /// <summary>The dead-letter list, newest first.</summary>
    public IReadOnlyList<OutboxMessage> DeadMessages { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public Error? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken cancellationToken)
    {
        var retried = await messages.RetryAsync(id, User.ToActor(), cancellationToken);
        if (retried.Succeeded)
        {
            TempData[Notice.Key] = $"Message #{id} to '{retried.Value.Target!.Name}' is queued to be sent again.";
            return Redirect("/automation/targets");
        }
        Error = retried.Error;
        Response.StatusCode = retried.Error.StatusOf();
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Targets = [.. (await targets.ListAsync(cancellationToken)).Select(t => new TargetRow(t, circuits.StateOf(t.Id)))];
        var dead = await messages.ListAsync(WireNames.Of(OutboxStatus.Dead), targetId: null, limit: null, Cursor, cancellationToken);
        if (!dead.Succeeded)
        {
            Error = dead.Error;
            return;
        }
        DeadMessages = dead.Value.Items;
        NextCursor = dead.Value.NextCursor;
    }
}
