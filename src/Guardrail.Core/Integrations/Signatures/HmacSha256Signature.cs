using System.Security.Cryptography;
using System.Text;

namespace Guardrail.Core.Integrations.Signatures;

/// <summary>
/// <c>sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>: GitHub's <c>X-Hub-Signature-256</c>, and Guardrail's own
/// <c>x-guardrail-signature</c> for senders without a signing scheme of their own (CDEvents), and on the webhooks
/// Guardrail sends.
/// </summary>
public static class HmacSha256Signature
{
    public const string GuardrailHeaderName = "x-guardrail-signature";

    private const string Prefix = "sha256=";

    /// <summary>The header value that signs <paramref name="body"/> with <paramref name="secret"/>, as <see cref="Verify"/> reads it.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>True when the header value is the body's signature under the secret; false for anything else, never throwing.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? headerValue)
    {
        if (string.IsNullOrEmpty(secret) || headerValue is null)
            return false;
        var value = headerValue.AsSpan().Trim();
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            return false;

        Span<byte> claimed = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!Hex.TryDecode(value[Prefix.Length..], claimed))
            return false;

        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, actual);
        return CryptographicOperations.FixedTimeEquals(actual, claimed);
    }
}
