using System.Security.Cryptography;
using System.Text;

namespace Guardrail.Core.Integrations.Signatures;

/// <summary><c>Authorization: Bearer &lt;token&gt;</c>, as Alertmanager's <c>http_config.authorization</c> sends it.</summary>
public static class BearerToken
{
    private const string Scheme = "Bearer";

    /// <summary>True when the header carries exactly the expected token; constant-time in the token's content and length.</summary>
    public static bool Verify(string expectedToken, string? authorizationHeaderValue)
    {
        if (string.IsNullOrEmpty(expectedToken) || authorizationHeaderValue is null)
            return false;
        var value = authorizationHeaderValue.AsSpan().Trim();
        // The scheme is case-insensitive (RFC 9110 section 11.1).
        if (value.Length <= Scheme.Length || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || value[Scheme.Length] != ' ')
            return false;
        var token = value[(Scheme.Length + 1)..].TrimStart(' ');
        if (token.IsEmpty)
            return false;

        // Comparing digests rather than the tokens: FixedTimeEquals returns at once on a length mismatch.
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(expectedToken), expected);
        SHA256.HashData(Encoding.UTF8.GetBytes(token.ToString()), presented);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }
}
