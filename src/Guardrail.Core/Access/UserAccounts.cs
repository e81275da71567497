using Guardrail.Contracts;
using Guardrail.Core.Audit;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Access;

/// <summary>Local accounts for the web UI, with passwords hashed by ASP.NET Core Identity's PBKDF2 hasher.</summary>
public sealed class UserAccounts(GuardrailDb db, AuditTrail audit, TimeProvider clock, IPasswordHasher<UserAccount> hasher)
{
    public const int MinimumPasswordLength = 12;

    public async Task<Result<UserAccount>> CreateAsync(CreateUserRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Key("userName", request.UserName)
            .Required("displayName", request.DisplayName, 200);
        if (!WireNames.TryParse<Role>(request.Role, out var role))
            validation.Add("role", $"'role' must be one of: {string.Join(", ", WireNames.All<Role>())}.");
        if (request.Password is null || request.Password.Length < MinimumPasswordLength)
            validation.Add("password", $"'password' must be at least {MinimumPasswordLength} characters long.");
        long? teamId = null;
        if (!string.IsNullOrWhiteSpace(request.Team))
        {
            teamId = await db.Teams.Where(t => t.Key == request.Team).Select(t => (long?)t.Id).FirstOrDefaultAsync(cancellationToken);
            if (teamId is null)
                validation.Add("team", $"No team has the key '{request.Team}'.");
        }
        validation.Optional("email", request.Email, 320).Optional("scmLogin", request.ScmLogin, 100).Optional("slackUserId", request.SlackUserId, 50);
        if (!validation.IsValid)
            return validation.ToError();
        if (await db.Users.AnyAsync(u => u.UserName == request.UserName, cancellationToken))
            return new Error("user.name_taken", $"A user named '{request.UserName}' already exists.", ErrorKind.Conflict,
                new Dictionary<string, string[]> { ["userName"] = ["Already taken."] });

        var user = new UserAccount
        {
            UserName = request.UserName!,
            DisplayName = request.DisplayName!.Trim(),
            Role = role,
            TeamId = teamId,
            Email = Blank(request.Email),
            ScmLogin = Blank(request.ScmLogin),
            SlackUserId = Blank(request.SlackUserId),
            PasswordHash = "",
            CreatedAt = clock.UtcNow(),
        };
        user.PasswordHash = hasher.HashPassword(user, request.Password!);
        db.Users.Add(user);
        await audit.SaveAsync(db, actor, cancellationToken);
        return user;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);

    /// <summary>The account when the password matches; null otherwise (without saying which part was wrong).</summary>
    public async Task<UserAccount?> SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        if (user is null || user.Disabled)
        {
            // Hash anyway so an unknown name takes as long as a wrong password.
            hasher.HashPassword(new UserAccount { UserName = userName, DisplayName = "", PasswordHash = "" }, password);
            return null;
        }
        return hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }
}
