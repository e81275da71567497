namespace Guardrail.Core.Persistence;

/// <summary>
/// A key of ASP.NET Core data protection (it signs sign-in cookies and anti-forgery tokens), kept in the store
/// so every node accepts the cookies of the others and a restart signs no one out.
/// </summary>
public sealed class SigningKey
{
    public long Id { get; set; }

    public required string FriendlyName { get; set; }

    public required string Xml { get; set; }
}
