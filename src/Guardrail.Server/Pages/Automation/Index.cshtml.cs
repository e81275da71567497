using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Automation;

/// <summary>A run as the list shows it: how its request fared and what came back carrying its correlation id.</summary>
public sealed record AutomationRunRow(AutomationRunView View, AutomationRunReturns Returns);

/// <summary>The request form as posted; <see cref="Inputs"/> holds one <c>key=value</c> a line.</summary>
public sealed record AutomationRunForm(string? Target, string? Reason, string? Inputs);

/// <summary>Readers see the runs; requesting one needs <see cref="Permission.AutomationRequest"/>, which the handler checks.</summary>
public sealed class IndexModel(AutomationRuns runs, OutboundTargets targets) : PageModel
{
    public static readonly string[] Fields = ["target", "reason", "inputs"];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<AutomationRunRow> Runs { get; private set; } = [];

    /// <summary>The enabled targets that can run a pipeline, for the form.</summary>
    public IReadOnlyList<OutboundTarget> Targets { get; private set; } = [];

    public string? NextCursor { get; private set; }

    /// <summary>Why the list could not be shown (an unknown status filter).</summary>
    public Error? ListError { get; private set; }

    /// <summary>Why the request was refused; its field messages go next to the fields.</summary>
    public Error? Error { get; private set; }

    public AutomationRunForm Values { get; private set; } = new(null, null, null);

    public bool Filtered => Status is not null;

    /// <summary>The messages about the inputs, which the use case keys by input (<c>inputs.version</c>).</summary>
    public IEnumerable<string> InputMessages =>
        Error?.Fields?.Where(f => IsInputField(f.Key)).SelectMany(f => f.Value) ?? [];

    /// <summary>Messages for no field of the form, so none is lost.</summary>
    public IEnumerable<string> OtherMessages =>
        Error.MessagesOutside(Fields).Where(message => !InputMessages.Contains(message));

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(AutomationRunForm form, CancellationToken cancellationToken)
    {
        if (!User.Can(Permission.AutomationRequest))
            return Forbid();
        Values = form;
        var inputs = ParseInputs(form.Inputs);
        if (!inputs.Succeeded)
            return await RefusedAsync(inputs.Error, cancellationToken);
        var requested = await runs.RequestAsync(new AutomationRunRequest(form.Target, inputs.Value, form.Reason), User.ToActor(), cancellationToken);
        if (!requested.Succeeded)
            return await RefusedAsync(requested.Error, cancellationToken);
        var run = requested.Value.Run;
        TempData[Notice.Key] = $"Run #{run.Id} was asked of '{run.Target!.Name}' with correlation id {run.CorrelationId}.";
        return Redirect("/automation");
    }

    private static bool IsInputField(string field) => field == "inputs" || field.StartsWith("inputs.", StringComparison.Ordinal);

    /// <summary>One <c>key=value</c> a line; blank lines are skipped, and the use case checks the names and values.</summary>
    private static Result<Dictionary<string, string>> ParseInputs(string? text)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = (text ?? "").Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        for (var number = 1; number <= lines.Count; number++)
        {
            var line = lines[number - 1];
            if (line.Trim().Length == 0)
                continue;
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
                return Error.Invalid("inputs", $"Line {number} is not key=value.");
            if (!inputs.TryAdd(line[..separator].Trim(), line[(separator + 1)..]))
                return Error.Invalid("inputs", $"'{line[..separator].Trim()}' is given twice.");
        }
        return inputs;
    }

    private async Task<IActionResult> RefusedAsync(Error error, CancellationToken cancellationToken)
    {
        Error = error;
        Response.StatusCode = error.StatusOf();
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (User.Can(Permission.AutomationRequest))
            Targets = [.. (await targets.ListAsync(cancellationToken)).Where(t => t.Enabled && AutomationRuns.TriggerKinds.Contains(t.Kind))];
        var page = await runs.ListAsync(Status, targetId: null, limit: null, Cursor, cancellationToken);
        if (!page.Succeeded)
        {
            ListError = page.Error;
            return;
        }
        var returns = await runs.ReturnsAsync([.. page.Value.Items.Select(view => view.Run.CorrelationId)], cancellationToken);
        Runs = [.. page.Value.Items.Select(view => new AutomationRunRow(view, returns[view.Run.CorrelationId]))];
        NextCursor = page.Value.NextCursor;
    }
}
