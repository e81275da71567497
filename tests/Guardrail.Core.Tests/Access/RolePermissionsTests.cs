using Guardrail.Core.Access;

namespace Guardrail.Core.Tests.Access;

public class RolePermissionsTests
{
    public static TheoryData<Role> Roles => [.. Enum.GetValues<Role>()];

    [Theory]
    [MemberData(nameof(Roles))]
    public void Every_role_has_an_entry(Role role)
    {
        var granted = RolePermissions.Of(role);

        Assert.NotEmpty(granted);
        foreach (var permission in Enum.GetValues<Permission>())
            Assert.Equal(granted.Contains(permission), role.Grants(permission));
    }

    [Fact]
    public void Admin_has_every_permission() =>
        Assert.Equal(Enum.GetValues<Permission>().Order(), RolePermissions.Of(Role.Admin).Order());

    [Fact]
    public void Pipeline_may_only_call_the_gate_and_post_events() =>
        Assert.Equal([Permission.GateCall, Permission.EventsPost], RolePermissions.Of(Role.Pipeline).Order());

    [Theory]
    [InlineData(Permission.CatalogWrite)]
    [InlineData(Permission.AuditRead)]
    [InlineData(Permission.AccessManage)]
    public void Reader_cannot_change_the_catalogue_read_the_audit_or_manage_access(Permission permission) =>
        Assert.False(Role.Reader.Grants(permission));

    [Fact]
    public void Reader_can_read_the_catalogue() =>
        Assert.True(Role.Reader.Grants(Permission.CatalogRead));

    [Theory]
    [MemberData(nameof(Roles))]
    public void Only_admin_manages_access(Role role) =>
        Assert.Equal(role == Role.Admin, role.Grants(Permission.AccessManage));
}
