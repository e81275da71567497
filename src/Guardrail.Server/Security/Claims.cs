using System.Security.Claims;
using Guardrail.Core.Access;
using Guardrail.Core.Common;

namespace Guardrail.Server.Security;

/// <summary>The claims Guardrail puts on a caller and reads back: a role and the actor name used in the audit trail.</summary>
internal static class GuardrailClaims
{
    public const string Actor = "guardrail:actor";

    /// <summary>The user name of the person behind the caller: the signed-in user, or the owner of a token.</summary>
    public const string Person = "guardrail:person";

    public static ClaimsIdentity Identity(string scheme, string displayName, Actor actor, Role role, string? person)
    {
        var identity = new ClaimsIdentity([
            new Claim(ClaimTypes.Name, displayName),
            new Claim(ClaimTypes.Role, WireNames.Of(role)),
            new Claim(Actor, actor.Name),
        ], scheme);
        if (person is not null)
            identity.AddClaim(new Claim(Person, person));
        return identity;
    }

    public static string? PersonOf(this ClaimsPrincipal principal) => principal.FindFirstValue(Person);

    public static Actor ToActor(this ClaimsPrincipal principal) =>
        new(principal.FindFirstValue(Actor) ?? throw new InvalidOperationException("The caller is not authenticated."));

    public static Role? RoleOf(this ClaimsPrincipal principal) =>
        WireNames.TryParse<Role>(principal.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    public static bool Can(this ClaimsPrincipal principal, Permission permission) =>
        principal.RoleOf() is { } role && role.Grants(permission);
}
