namespace Guardrail.Contracts;

/// <summary><see cref="Role"/>: admin, change-manager, approver, responder, pipeline or reader.</summary>
public sealed record CreateTokenRequest(string? Name, string? Role, DateTime? ExpiresAt = null);

/// <summary>The token's secret is in <see cref="Token"/> and is shown this once only.</summary>
public sealed record CreatedTokenResponse(string Token, TokenResponse Details);

public sealed record TokenResponse(long Id, string Name, string Role, string Prefix, string CreatedBy, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt);

public sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Role, string? Password);

public sealed record UserResponse(long Id, string UserName, string DisplayName, string Role, bool Disabled, DateTime CreatedAt);

public sealed record WhoAmIResponse(string Name, string Role, IReadOnlyList<string> Permissions);
