using System.Security.Cryptography;
using System.Text;
using Guardrail.Core.Integrations;

namespace Guardrail.Core.Tests.Support;

/// <summary>Stands in for the server's data protection: reversible, and visibly not the secret itself.</summary>
public sealed class TestSecretProtector : ISecretProtector
{
    private const string Prefix = "protected:";

    public string Protect(string secret) => Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));

    public string Unprotect(string protectedSecret) =>
        protectedSecret.StartsWith(Prefix, StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(protectedSecret[Prefix.Length..]))
            : throw new CryptographicException("Not protected by this protector.");
}
