using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Guardrail.Core.Integrations.Signatures;

/// <summary>
/// Slack signs every request to an app: <c>X-Slack-Signature</c> is <c>v0=</c> and the hex HMAC-SHA256 of
/// <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c> under the app's signing secret. A timestamp more than five minutes
/// from now is refused, so a captured request cannot be replayed.
/// </summary>
public static class SlackSignature
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private const string Prefix = "v0=";

    public static bool Verify(string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTime now)
    {
        if (string.IsNullOrEmpty(signingSecret) || signature is null || !signature.StartsWith(Prefix, StringComparison.Ordinal)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var unixSeconds))
            return false;
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(Math.Min(unixSeconds, 253_402_300_799)).UtcDateTime;
        if ((now - sentAt).Duration() > Tolerance)
            return false;

        Span<byte> claimed = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!Hex.TryDecode(signature.AsSpan(Prefix.Length), claimed))
            return false;
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), signed), claimed);
    }
}
