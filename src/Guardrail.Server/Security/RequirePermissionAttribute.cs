using Guardrail.Core.Access;
using Microsoft.AspNetCore.Authorization;

namespace Guardrail.Server.Security;

/// <summary>
/// <c>[Authorize(Policy = Policies.For(permission))]</c> for page models: an attribute argument must be a
/// constant, and the policy name is computed from the permission.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class RequirePermissionAttribute : AuthorizeAttribute
{
    public RequirePermissionAttribute(Permission permission)
    {
        Permission = permission;
        Policy = Policies.For(permission);
    }

    public Permission Permission { get; }
}
