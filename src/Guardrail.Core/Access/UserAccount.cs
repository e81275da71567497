using Guardrail.Core.Audit;
using Guardrail.Core.Persistence;

namespace Guardrail.Core.Access;

/// <summary>A local account for the web UI; the password is kept as an ASP.NET Core Identity PBKDF2 hash.</summary>
[AuditedAs("user")]
public sealed class UserAccount : IVersioned
{
    public long Id { get; set; }

    public required string UserName { get; set; }

    public required string DisplayName { get; set; }

    public Role Role { get; set; }

    [NotAudited]
    public required string PasswordHash { get; set; }

    public bool Disabled { get; set; }

    /// <summary>The team the person belongs to; members of a service's owning team approve on its service-owner route.</summary>
    public long? TeamId { get; set; }

    /// <summary>The identities the person has in other tools, so a pipeline's requester or a Slack vote is known to be theirs.</summary>
    public string? Email { get; set; }

    public string? ScmLogin { get; set; }

    public string? SlackUserId { get; set; }

    public DateTime CreatedAt { get; set; }

    public long Version { get; set; } = 1;
}
