using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class GateApi
{
    public static void MapGateApi(this RouteGroupBuilder api)
    {
        var gate = api.MapGroup("/gate").WithTags("Gate");
        gate.MapPost("/", AskGate).WithName(nameof(AskGate))
            .WithSummary("May this commit of this service go to this environment? Approved, pending or rejected, with the change, risk and reasons. Asking again for the same pipeline run answers for the same change.")
            .RequireAuthorization(Policies.For(Permission.GateCall));
        gate.MapGet("/{reference}", GetGateDecision).WithName(nameof(GetGateDecision))
            .WithSummary("The decision on a change; with wait=SECONDS (up to 120) a pending decision is awaited (long-poll).")
            .RequireAuthorization(Policies.For(Permission.GateCall));
    }

    public static async Task<Results<Ok<GateDecisionResponse>, ProblemHttpResult>> AskGate(
        PipelineGate gate, GateRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var decided = await gate.DecideAsync(request, http.User.ToActor(), githubRule: null, cancellationToken);
        return decided.Succeeded ? TypedResults.Ok(decided.Value.ToGateResponse()) : decided.Error.ToProblem();
    }

    public static async Task<Results<Ok<GateDecisionResponse>, ProblemHttpResult>> GetGateDecision(
        PipelineGate gate, string reference, double? wait, CancellationToken cancellationToken)
    {
        if (wait is { } seconds && (double.IsNaN(seconds) || seconds < 0 || seconds > PipelineGate.MaxWait.TotalSeconds))
            return Error.Invalid("wait", $"'wait' must be between 0 and {PipelineGate.MaxWait.TotalSeconds:0} seconds.").ToProblem();
        var found = await gate.AwaitAsync(reference, TimeSpan.FromSeconds(wait ?? 0), cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value.ToGateResponse()) : found.Error.ToProblem();
    }
}
