namespace Guardrail.Core.Access;

public enum Role
{
    Admin,
    ChangeManager,
    Approver,
    Responder,
    Pipeline,
    Reader,
}

/// <summary>What a caller may do. Endpoints and pages demand one permission each; roles grant sets of them.</summary>
public enum Permission
{
    CatalogRead,
    CatalogWrite,
    AuditRead,
    AccessManage,
    MetricsRead,
    GateCall,
    EventsPost,
    IntegrationsManage,
    AutomationRequest,
    ChangesWrite,
    ChangesApprove,
    PolicyManage,
    IncidentsWrite,
}

public static class RolePermissions
{
    private static readonly Permission[] s_readers = [Permission.CatalogRead, Permission.MetricsRead];

    private static readonly Dictionary<Role, Permission[]> s_grants = new()
    {
        [Role.Admin] = Enum.GetValues<Permission>(),
        [Role.ChangeManager] = [.. s_readers, Permission.AuditRead, Permission.GateCall, Permission.AutomationRequest,
            Permission.ChangesWrite, Permission.ChangesApprove, Permission.PolicyManage],
        [Role.Approver] = [.. s_readers, Permission.ChangesApprove],
        [Role.Responder] = [.. s_readers, Permission.AutomationRequest, Permission.ChangesWrite, Permission.IncidentsWrite],
        [Role.Pipeline] = [Permission.GateCall, Permission.EventsPost],
        [Role.Reader] = s_readers,
    };

    public static IReadOnlyCollection<Permission> Of(Role role) => s_grants[role];

    public static bool Grants(this Role role, Permission permission) => s_grants[role].Contains(permission);
}
