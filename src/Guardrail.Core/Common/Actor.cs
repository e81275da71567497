namespace Guardrail.Core.Common;

/// <summary>Who performs a write: a user ("user:alice"), a token ("token:deploy-bot") or the system itself.</summary>
public sealed record Actor(string Name)
{
    public static readonly Actor System = new("system");

    public static Actor User(string userName) => new($"user:{userName}");

    public static Actor Token(string tokenName) => new($"token:{tokenName}");

    public override string ToString() => Name;
}
