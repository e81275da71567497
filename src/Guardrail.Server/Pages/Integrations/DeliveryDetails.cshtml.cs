using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations.Inbox;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guardrail.Server.Pages.Integrations;

[RequirePermission(Permission.IntegrationsManage)]
public sealed class DeliveryDetailsModel(Deliveries deliveries) : PageModel
{
    /// <summary>Bodies up to this size are shown whole; GitHub sends up to 25 MB, which no page should carry.</summary>
    public const int ShownBodyBytes = 1024 * 1024;

    private static readonly JsonWriterOptions s_indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [FromRoute]
    public long Id { get; set; }

    public DeliverySummary? Delivery { get; private set; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private set; } = [];

    public string Body { get; private set; } = "";

    public bool BodyIsJson { get; private set; }

    public int BodyBytes { get; private set; }

    public Error? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostReplayAsync(CancellationToken cancellationToken)
    {
        var replayed = await deliveries.ReplayAsync(Id, cancellationToken);
        if (replayed.Succeeded)
        {
            TempData[Notice.Key] = $"Delivery #{Id} is queued to be processed again.";
            return Redirect($"/integrations/deliveries/{Id}");
        }
        await LoadAsync(cancellationToken);
        Error = replayed.Error;
        Response.StatusCode = replayed.Error.StatusOf();
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var found = await deliveries.GetAsync(Id, cancellationToken);
        if (!found.Succeeded)
        {
            Error = found.Error;
            Response.StatusCode = found.Error.StatusOf();
            return;
        }
        (Delivery, var headers, var body) = found.Value;
        Headers = [.. (JsonSerializer.Deserialize<Dictionary<string, string>>(headers) ?? []).OrderBy(h => h.Key, StringComparer.Ordinal)];
        BodyBytes = body.Length;
        (Body, BodyIsJson) = Readable(body);
    }

    /// <summary>The body indented when it is JSON, else as UTF-8 text; either way the page escapes it.</summary>
    private static (string Text, bool IsJson) Readable(byte[] body)
    {
        if (body.Length > ShownBodyBytes)
            return (Encoding.UTF8.GetString(body, 0, ShownBodyBytes), false);
        try
        {
            using var document = JsonDocument.Parse(body);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, s_indented))
                document.WriteTo(writer);
            return (Encoding.UTF8.GetString(buffer.ToArray()), true);
        }
        catch (JsonException)
        {
            return (Encoding.UTF8.GetString(body), false);
        }
    }
}
