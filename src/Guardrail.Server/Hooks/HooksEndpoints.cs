using System.Text.Json;
using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Inbox;
using Guardrail.Core.Integrations.Signatures;
using Guardrail.Server.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Guardrail.Server.Hooks;

/// <summary>
/// The webhook endpoints: <c>POST /hooks/{kind}</c> for an integration's default configuration and
/// <c>/hooks/{kind}/{name}</c> for others. A delivery is verified on its raw bytes, stored, and answered 202 (or 200 for
/// a redelivery) before anything else happens to it; a bad signature or an unconfigured integration is 401 and nothing is stored.
/// </summary>
internal static class HooksEndpoints
{
    /// <summary>GitHub's cap on a webhook payload; the others send far less.</summary>
    public const long MaxDeliveryBytes = 25 * 1024 * 1024;

    public static void MapHooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/hooks").WithTags("Webhooks").AllowAnonymous().DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxDeliveryBytes));
        hooks.MapPost("/{kind}", ReceiveDefaultDelivery).WithName(nameof(ReceiveDefaultDelivery))
            .WithSummary("Receive a delivery for the default integration of a kind (github, gitlab, cdevents, alertmanager, pagerduty).");
        hooks.MapPost("/{kind}/{name}", ReceiveDelivery).WithName(nameof(ReceiveDelivery))
            .WithSummary("Receive a delivery for a named integration.");
    }

    public static Task<Results<Accepted<DeliveryReceipt>, Ok<DeliveryReceipt>, ProblemHttpResult>> ReceiveDefaultDelivery(
        string kind, HttpContext http, IntegrationDirectory directory, Inbox inbox, TimeProvider clock, CancellationToken cancellationToken) =>
        ReceiveDelivery(kind, Integration.DefaultName, http, directory, inbox, clock, cancellationToken);

    public static async Task<Results<Accepted<DeliveryReceipt>, Ok<DeliveryReceipt>, ProblemHttpResult>> ReceiveDelivery(
        string kind, string name, HttpContext http, IntegrationDirectory directory, Inbox inbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!WireNames.TryParse<IntegrationKind>(kind, out var integrationKind) || !IntegrationRegistry.WebhookKinds.Contains(integrationKind))
            return new Error("hook.unknown_kind", $"There is no '{kind}' webhook; use one of: {string.Join(", ", IntegrationRegistry.WebhookKinds.Select(WireNames.Of))}.",
                ErrorKind.NotFound).ToProblem();
        var integration = await directory.FindAsync(integrationKind, name, cancellationToken);
        if (integration is null)
            return Unauthorized("hook.not_configured", $"No enabled {kind} integration named '{name}' is configured, so this delivery cannot be trusted.");

        var body = await ReadBodyAsync(http.Request, cancellationToken);
        var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var now = clock.UtcNow();
        if (!DeliveryVerifier.Verify(integration, headers, body, now))
            return Unauthorized("hook.signature_invalid", $"The delivery's signature or token does not match the {kind} integration '{name}'.");

        var envelope = DeliveryEnvelope.Read(integrationKind, headers, body);
        if (!envelope.Succeeded)
            return (envelope.Error with { Code = "hook.delivery_id_missing" }).ToProblem();

        var kept = headers.Where(h => !DeliveryEnvelope.SecretHeaders.Contains(h.Key)).ToDictionary();
        var incoming = new IncomingDelivery(integration.Id, integrationKind, envelope.Value, JsonSerializer.Serialize(kept), body, now);
        try
        {
            var stored = await inbox.AcceptAsync(incoming, cancellationToken);
            return stored.Acceptance == Acceptance.Accepted
                ? TypedResults.Accepted($"/api/v1/deliveries/{stored.Id}", new DeliveryReceipt(stored.Id, envelope.Value.DeliveryId, "accepted"))
                : TypedResults.Ok(new DeliveryReceipt(null, envelope.Value.DeliveryId, "duplicate"));
        }
        catch (InboxUnavailableException)
        {
            http.Response.Headers.RetryAfter = "5";
            return Problem(StatusCodes.Status503ServiceUnavailable, "hook.inbox_unavailable",
                "The delivery could not be stored just now and was not accepted; send it again.");
        }
    }

    internal static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = request.ContentLength is { } length and <= MaxDeliveryBytes ? new MemoryStream((int)length) : new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    internal static ProblemHttpResult Unauthorized(string code, string message) => Problem(StatusCodes.Status401Unauthorized, code, message);

    private static ProblemHttpResult Problem(int status, string code, string message)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = ApiProblems.TitleOf(status),
            Detail = message,
        };
        problem.Extensions["code"] = code;
        return TypedResults.Problem(problem);
    }
}
