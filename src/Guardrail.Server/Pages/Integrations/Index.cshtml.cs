using System.Globalization;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Inbox;
using Guardrail.Server.Api;
using Guardrail.Server.Security;
using Guardrail.Server.UI;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Guardrail.Server.Pages.Integrations;

/// <summary>A configured integration as the list shows it: where its tool must send deliveries and how they fared.</summary>
public sealed record IntegrationRow(Integration Integration, string EndpointUrl, DateTime? LastDeliveryAt, int DeadDeliveries);

/// <summary>A secret just made or given, with the integration it belongs to; it is on this one page view only.</summary>
public sealed record ShownSecret(IntegrationRow Row, string Secret, bool Rotated);

[RequirePermission(Permission.IntegrationsManage)]
public sealed class IndexModel(IntegrationRegistry registry, Deliveries deliveries) : PageModel
{
    public IReadOnlyList<IntegrationRow> Integrations { get; private set; } = [];

    public ShownSecret? Secret { get; private set; }

    public Error? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (OneTimeSecret.Take(TempData) is { } secret && Integrations.FirstOrDefault(r => r.Integration.Id == secret.IntegrationId) is { } row)
        {
            Secret = new ShownSecret(row, secret.Secret, secret.Rotated);
            Response.Headers.CacheControl = "no-store";
        }
    }

    public async Task<IActionResult> OnPostSetEnabledAsync(long id, long? version, bool enabled, CancellationToken cancellationToken)
    {
        var updated = await registry.UpdateAsync(id, new UpdateIntegrationRequest(null, enabled, null, version), User.ToActor(), cancellationToken);
        if (!updated.Succeeded)
            return await RefusedAsync(updated.Error, cancellationToken);
        TempData[Notice.Key] = $"{ToolNames.Of(updated.Value.Kind)} integration '{updated.Value.Name}' was {(enabled ? "enabled" : "disabled")}.";
        return Redirect("/integrations");
    }

    public async Task<IActionResult> OnPostRotateAsync(long id, long? version, string? secret, CancellationToken cancellationToken)
    {
        var rotated = await registry.RotateSecretAsync(id, new RotateSecretRequest(secret, version), User.ToActor(), cancellationToken);
        if (!rotated.Succeeded)
            return await RefusedAsync(rotated.Error, cancellationToken);
        OneTimeSecret.Keep(TempData, rotated.Value, rotated: true);
        return Redirect("/integrations");
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, long? version, CancellationToken cancellationToken)
    {
        var deleted = await registry.DeleteAsync(id, version, User.ToActor(), cancellationToken);
        if (!deleted.Succeeded)
            return await RefusedAsync(deleted.Error, cancellationToken);
        TempData[Notice.Key] = $"{ToolNames.Of(deleted.Value.Kind)} integration '{deleted.Value.Name}' was deleted.";
        return Redirect("/integrations");
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
        var integrations = await registry.ListAsync(cancellationToken);
        var dead = await deliveries.DeadCountsAsync(cancellationToken);
        var origin = $"{Request.Scheme}://{Request.Host}{Request.PathBase}";
        Integrations = [.. integrations.Select(i => new IntegrationRow(
            i.Integration, origin + IntegrationRegistry.EndpointPath(i.Integration), i.LastDeliveryAt, dead.GetValueOrDefault(i.Integration.Id)))];
    }
}

/// <summary>
/// Carries a new secret across the redirect after a create or a rotation, in the encrypted TempData cookie that is
/// deleted once read, as ASP.NET Core Identity carries new recovery codes: a reload or the back button finds it gone.
/// </summary>
internal static class OneTimeSecret
{
    private const string SecretKey = "integration-secret";
    private const string IntegrationKey = "integration-secret-for";
    private const string RotatedKey = "integration-secret-rotated";

    public static void Keep(ITempDataDictionary tempData, IntegrationWithSecret created, bool rotated)
    {
        tempData[SecretKey] = created.Secret;
        tempData[IntegrationKey] = created.Integration.Id.ToString(CultureInfo.InvariantCulture);
        tempData[RotatedKey] = rotated;
    }

    public static (long IntegrationId, string Secret, bool Rotated)? Take(ITempDataDictionary tempData) =>
        tempData[SecretKey] is string secret && tempData[IntegrationKey] is string id && tempData[RotatedKey] is bool rotated
            ? (long.Parse(id, CultureInfo.InvariantCulture), secret, rotated)
            : null;
}
