using Guardrail.Contracts;
using Guardrail.Core.Common;

namespace Guardrail.Core.Access;

public static class AccessMappings
{
    public static TokenResponse ToResponse(this ApiToken token) =>
        new(token.Id, token.Name, WireNames.Of(token.Role), token.Prefix, token.CreatedBy, token.CreatedAt, token.ExpiresAt, token.RevokedAt, token.OwnerUserName);

    public static UserResponse ToResponse(this UserAccount user) =>
        new(user.Id, user.UserName, user.DisplayName, WireNames.Of(user.Role), user.Disabled, user.CreatedAt, user.Email, user.ScmLogin, user.SlackUserId);
}
