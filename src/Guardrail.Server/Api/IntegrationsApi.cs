using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Inbox;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class IntegrationsApi
{
    public static void MapIntegrationsApi(this RouteGroupBuilder api)
    {
        var integrations = api.MapGroup("/integrations").WithTags("Integrations").RequireAuthorization(Policies.For(Permission.IntegrationsManage));
        integrations.MapGet("/", ListIntegrations).WithName(nameof(ListIntegrations)).WithSummary("List the configured integrations with their endpoint and last delivery.");
        integrations.MapGet("/{id:long}", GetIntegration).WithName(nameof(GetIntegration)).WithSummary("Get an integration.");
        integrations.MapPost("/", CreateIntegration).WithName(nameof(CreateIntegration))
            .WithSummary("Configure an integration; the answer holds its secret, shown this once only.");
        integrations.MapPatch("/{id:long}", UpdateIntegration).WithName(nameof(UpdateIntegration)).WithSummary("Enable, disable or describe an integration.");
        integrations.MapPost("/{id:long}/secret", RotateIntegrationSecret).WithName(nameof(RotateIntegrationSecret))
            .WithSummary("Replace an integration's secret; the answer holds the new one, shown this once only.");
        integrations.MapDelete("/{id:long}", DeleteIntegration).WithName(nameof(DeleteIntegration))
            .WithSummary("Delete an integration that never received a delivery.");

        var deliveries = api.MapGroup("/deliveries").WithTags("Integrations").RequireAuthorization(Policies.For(Permission.IntegrationsManage));
        deliveries.MapGet("/", ListDeliveries).WithName(nameof(ListDeliveries))
            .WithSummary("List deliveries, newest first; status=dead is the dead-letter list.");
        deliveries.MapGet("/{id:long}", GetDelivery).WithName(nameof(GetDelivery)).WithSummary("Get a delivery with its headers and raw body.");
        deliveries.MapPost("/{id:long}/replay", ReplayDelivery).WithName(nameof(ReplayDelivery))
            .WithSummary("Queue a dead or ignored delivery to be processed again.");
    }

    public static async Task<Ok<IReadOnlyList<IntegrationResponse>>> ListIntegrations(IntegrationRegistry registry, CancellationToken cancellationToken)
    {
        var integrations = await registry.ListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<IntegrationResponse>>([.. integrations.Select(i => i.Integration.ToResponse(i.LastDeliveryAt))]);
    }

    public static async Task<Results<Ok<IntegrationResponse>, ProblemHttpResult>> GetIntegration(
        IntegrationRegistry registry, long id, CancellationToken cancellationToken)
    {
        var found = await registry.GetAsync(id, cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value.Integration.ToResponse(found.Value.LastDeliveryAt)) : found.Error.ToProblem();
    }

    public static async Task<Results<Created<IntegrationSecretResponse>, ProblemHttpResult>> CreateIntegration(
        IntegrationRegistry registry, CreateIntegrationRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await registry.CreateAsync(request, http.User.ToActor(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/integrations/{created.Value.Integration.Id}",
                new IntegrationSecretResponse(created.Value.Secret, created.Value.Integration.ToResponse(lastDeliveryAt: null)))
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<IntegrationResponse>, ProblemHttpResult>> UpdateIntegration(
        IntegrationRegistry registry, long id, UpdateIntegrationRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var updated = await registry.UpdateAsync(id, request, http.User.ToActor(), cancellationToken);
        return updated.Succeeded ? TypedResults.Ok(updated.Value.ToResponse(lastDeliveryAt: null)) : updated.Error.ToProblem();
    }

    public static async Task<Results<Ok<IntegrationSecretResponse>, ProblemHttpResult>> RotateIntegrationSecret(
        IntegrationRegistry registry, long id, RotateSecretRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var rotated = await registry.RotateSecretAsync(id, request, http.User.ToActor(), cancellationToken);
        return rotated.Succeeded
            ? TypedResults.Ok(new IntegrationSecretResponse(rotated.Value.Secret, rotated.Value.Integration.ToResponse(lastDeliveryAt: null)))
            : rotated.Error.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteIntegration(
        IntegrationRegistry registry, long id, long? version, HttpContext http, CancellationToken cancellationToken)
    {
        var deleted = await registry.DeleteAsync(id, version, http.User.ToActor(), cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : deleted.Error.ToProblem();
    }

    public static async Task<Results<Ok<PageResponse<DeliveryResponse>>, ProblemHttpResult>> ListDeliveries(
        Deliveries deliveries, string? status, long? integration, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await deliveries.ListAsync(status, integration, limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<DeliveryResponse>([.. page.Value.Items.Select(d => d.ToResponse())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Ok<DeliveryDetailResponse>, ProblemHttpResult>> GetDelivery(Deliveries deliveries, long id, CancellationToken cancellationToken)
    {
        var found = await deliveries.GetAsync(id, cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value.ToResponse()) : found.Error.ToProblem();
    }

    public static async Task<Results<Ok<DeliveryResponse>, ProblemHttpResult>> ReplayDelivery(Deliveries deliveries, long id, CancellationToken cancellationToken)
    {
        var replayed = await deliveries.ReplayAsync(id, cancellationToken);
        return replayed.Succeeded ? TypedResults.Ok(replayed.Value.ToResponse()) : replayed.Error.ToProblem();
    }
}
