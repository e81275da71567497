using Guardrail.Core.Access;
using Guardrail.Core.Common;

namespace Guardrail.Server.Security;

/// <summary>One authorization policy per <see cref="Permission"/>, named "permission:catalog-read" and so on.</summary>
public static class Policies
{
    public const string PermissionPrefix = "permission:";

    public static string For(Permission permission) => PermissionPrefix + WireNames.Of(permission);
}
