namespace Guardrail.Contracts;

/// <summary><see cref="Role"/>: admin, change-manager, approver, responder, pipeline or reader.</summary>
/// <summary><see cref="User"/>: the person the token acts for, which it needs to vote on changes.</summary>
public sealed record CreateTokenRequest(string? Name, string? Role, DateTime? ExpiresAt = null, string? User = null);

/// <summary>The token's secret is in <see cref="Token"/> and is shown this once only.</summary>
public sealed record CreatedTokenResponse(string Token, TokenResponse Details);

public sealed record TokenResponse(long Id, string Name, string Role, string Prefix, string CreatedBy, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, string? User = null);

/// <summary>
/// <see cref="Team"/> is the key of the person's team (service-owner approvals); <see cref="Email"/>, <see cref="ScmLogin"/>
/// (GitHub or GitLab login) and <see cref="SlackUserId"/> tie the identities other tools send to this person.
/// </summary>
public sealed record CreateUserRequest(
    string? UserName, string? DisplayName, string? Role, string? Password,
    string? Team = null, string? Email = null, string? ScmLogin = null, string? SlackUserId = null);

public sealed record UserResponse(long Id, string UserName, string DisplayName, string Role, bool Disabled, DateTime CreatedAt, string? Email = null, string? ScmLogin = null, string? SlackUserId = null);

public sealed record WhoAmIResponse(string Name, string Role, IReadOnlyList<string> Permissions);
