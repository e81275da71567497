using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class AutomationApi
{
    public static void MapAutomationApi(this RouteGroupBuilder api)
    {
        var targets = api.MapGroup("/outbound-targets").WithTags("Automation").RequireAuthorization(Policies.For(Permission.IntegrationsManage));
        targets.MapGet("/", ListOutboundTargets).WithName(nameof(ListOutboundTargets)).WithSummary("List the targets Guardrail sends requests to.");
        targets.MapGet("/{id:long}", GetOutboundTarget).WithName(nameof(GetOutboundTarget)).WithSummary("Get a target.");
        targets.MapPost("/", CreateOutboundTarget).WithName(nameof(CreateOutboundTarget))
            .WithSummary("Add a target; for a webhook without a secret the answer holds the one Guardrail made, shown this once only.");
        targets.MapPatch("/{id:long}", UpdateOutboundTarget).WithName(nameof(UpdateOutboundTarget))
            .WithSummary("Change a target's name, URL, secret, settings or whether it is enabled.");
        targets.MapDelete("/{id:long}", DeleteOutboundTarget).WithName(nameof(DeleteOutboundTarget))
            .WithSummary("Delete a target that was never sent anything.");

        var outbox = api.MapGroup("/outbox").WithTags("Automation").RequireAuthorization(Policies.For(Permission.IntegrationsManage));
        outbox.MapGet("/", ListOutboxMessages).WithName(nameof(ListOutboxMessages))
            .WithSummary("List outbox messages, newest first; status=dead is the dead-letter list.");
        outbox.MapPost("/{id:long}/retry", RetryOutboxMessage).WithName(nameof(RetryOutboxMessage))
            .WithSummary("Send a dead message again, with its own idempotency key and a fresh set of attempts.");

        var runs = api.MapGroup("/automation-runs").WithTags("Automation");
        runs.MapPost("/", RequestAutomationRun).WithName(nameof(RequestAutomationRun))
            .WithSummary("Ask a pipeline to run; the request goes out through the outbox with the run's correlation id.")
            .RequireAuthorization(Policies.For(Permission.AutomationRequest));
        runs.MapGet("/", ListAutomationRuns).WithName(nameof(ListAutomationRuns)).WithSummary("List automation runs, newest first.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        runs.MapGet("/{id:long}", GetAutomationRun).WithName(nameof(GetAutomationRun))
            .WithSummary("Get a run with the pipeline runs and deployments that came back carrying its correlation id.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
    }

    public static async Task<Ok<IReadOnlyList<OutboundTargetResponse>>> ListOutboundTargets(
        OutboundTargets targets, OutboxCircuits circuits, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<OutboundTargetResponse>>([.. (await targets.ListAsync(cancellationToken)).Select(t => t.ToResponse(circuits.StateOf(t.Id)))]);

    public static async Task<Results<Ok<OutboundTargetResponse>, ProblemHttpResult>> GetOutboundTarget(
        OutboundTargets targets, OutboxCircuits circuits, long id, CancellationToken cancellationToken)
    {
        var found = await targets.GetAsync(id, cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value.ToResponse(circuits.StateOf(id))) : found.Error.ToProblem();
    }

    public static async Task<Results<Created<OutboundTargetCreatedResponse>, ProblemHttpResult>> CreateOutboundTarget(
        OutboundTargets targets, CreateOutboundTargetRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await targets.CreateAsync(request, http.User.ToActor(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/outbound-targets/{created.Value.Target.Id}",
                new OutboundTargetCreatedResponse(created.Value.Target.ToResponse(CircuitState.Closed), created.Value.GeneratedSecret))
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<OutboundTargetResponse>, ProblemHttpResult>> UpdateOutboundTarget(
        OutboundTargets targets, OutboxCircuits circuits, long id, UpdateOutboundTargetRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var updated = await targets.UpdateAsync(id, request, http.User.ToActor(), cancellationToken);
        return updated.Succeeded ? TypedResults.Ok(updated.Value.ToResponse(circuits.StateOf(id))) : updated.Error.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteOutboundTarget(
        OutboundTargets targets, long id, long? version, HttpContext http, CancellationToken cancellationToken)
    {
        var deleted = await targets.DeleteAsync(id, version, http.User.ToActor(), cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : deleted.Error.ToProblem();
    }

    public static async Task<Results<Ok<PageResponse<OutboxMessageResponse>>, ProblemHttpResult>> ListOutboxMessages(
        OutboxMessages messages, string? status, long? target, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await messages.ListAsync(status, target, limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<OutboxMessageResponse>([.. page.Value.Items.Select(m => m.ToResponse())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Ok<OutboxMessageResponse>, ProblemHttpResult>> RetryOutboxMessage(
        OutboxMessages messages, long id, HttpContext http, CancellationToken cancellationToken)
    {
        var retried = await messages.RetryAsync(id, http.User.ToActor(), cancellationToken);
        return retried.Succeeded ? TypedResults.Ok(retried.Value.ToResponse()) : retried.Error.ToProblem();
    }

    public static async Task<Results<Accepted<AutomationRunResponse>, ProblemHttpResult>> RequestAutomationRun(
        AutomationRuns runs, AutomationRunRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var requested = await runs.RequestAsync(request, http.User.ToActor(), cancellationToken);
        return requested.Succeeded
            ? TypedResults.Accepted($"/api/v1/automation-runs/{requested.Value.Run.Id}", requested.Value.ToResponse())
            : requested.Error.ToProblem();
    }

    public static async Task<Results<Ok<PageResponse<AutomationRunResponse>>, ProblemHttpResult>> ListAutomationRuns(
        AutomationRuns runs, string? status, long? target, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await runs.ListAsync(status, target, limit, cursor, cancellationToken);
        return page.Succeeded
            ? TypedResults.Ok(new PageResponse<AutomationRunResponse>([.. page.Value.Items.Select(r => r.ToResponse())], page.Value.NextCursor))
            : page.Error.ToProblem();
    }

    public static async Task<Results<Ok<AutomationRunDetailResponse>, ProblemHttpResult>> GetAutomationRun(
        AutomationRuns runs, long id, CancellationToken cancellationToken)
    {
        var found = await runs.GetAsync(id, cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value.ToResponse()) : found.Error.ToProblem();
    }
}
