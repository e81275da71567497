using System.Security.Claims;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents.Reviews;
using Guardrail.Server.Security;

namespace Guardrail.Server.Pages.Reviews;

/// <summary>What the review page and the tracker do to a follow-up: move it (with its outcome), keeping the rest as it is.</summary>
internal static class FollowUpChanges
{
    public static async Task<Result<FollowUp>> MoveAsync(FollowUps followUps, ClaimsPrincipal user, long id, string? state, string? outcome, long version, CancellationToken cancellationToken)
    {
        var current = await followUps.GetAsync(id, cancellationToken);
        if (!current.Succeeded)
            return current.Error;
        var followUp = current.Value;
        var owner = followUp.OwnerOf();
        var request = new FollowUpRequest(followUp.Description, owner.Kind == "user" ? owner.Key : null, owner.Kind == "team" ? owner.Key : null,
            followUp.DueOn, state, string.IsNullOrWhiteSpace(outcome) ? followUp.Outcome : outcome, version);
        return await followUps.UpdateAsync(id, request, user.ToActor(), user.PersonOf(), user.Can(Permission.IncidentsWrite), cancellationToken);
    }

    /// <summary>"user:ana" or "team:payments", as the owner pickers post it.</summary>
    public static (string? User, string? Team) ParseOwner(string? owner) => owner?.Split(':', 2) switch
    {
        ["user", var name] => (name, null),
        ["team", var key] => (null, key),
        _ => (null, null),
    };
}
