using System.Security.Cryptography;
using System.Text;

namespace Guardrail.Core.Integrations.Signatures;

/// <summary>
/// PagerDuty v3 webhooks: <c>X-PagerDuty-Signature</c> holds one or more comma-separated <c>v1=&lt;hex HMAC-SHA256 of
/// the raw body&gt;</c> values, several while a subscription's secret is being rotated.
/// </summary>
public static class PagerdutySignature
{
    public const string HeaderName = "x-pagerduty-signature";

    private const string Prefix = "v1=";

    /// <summary>
    /// True when any <c>v1</c> value is the body's signature under the secret. Values of another scheme or with bad hex
    /// are skipped, so they neither match nor hide a good value beside them; nothing here throws.
    /// </summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? headerValue)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(headerValue))
            return false;

        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, actual);

        Span<byte> claimed = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var header = headerValue.AsSpan();
        var matched = false;
        foreach (var range in header.Split(','))
        {
            var value = header[range].Trim();
            if (value.StartsWith(Prefix, StringComparison.Ordinal) && Hex.TryDecode(value[Prefix.Length..], claimed))
                matched |= CryptographicOperations.FixedTimeEquals(actual, claimed);
        }
        return matched;
    }
}
