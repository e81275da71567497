using System.Security.Cryptography;
using System.Text;

namespace Guardrail.Core.Integrations.Signatures;

/// <summary>
/// GitLab proves a delivery either with the plain <c>X-Gitlab-Token</c> or, for hooks with a signing token, with the
/// Standard Webhooks headers: <c>webhook-signature</c> holds space-separated <c>v1,&lt;base64 HMAC-SHA256&gt;</c> values
/// over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, and a timestamp outside the tolerance is refused so a captured
/// delivery cannot be replayed later.
/// </summary>
public static class GitlabSignature
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static bool VerifyToken(string expectedToken, string? presentedToken) =>
        presentedToken is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expectedToken), Encoding.UTF8.GetBytes(presentedToken));

    public static bool VerifySigned(string signingSecret, string? webhookId, string? timestamp, string? signatures, ReadOnlySpan<byte> body, DateTime now)
    {
        if (string.IsNullOrEmpty(webhookId) || string.IsNullOrEmpty(signatures) || !long.TryParse(timestamp, out var unixSeconds))
            return false;
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(unixSeconds, 0, 253_402_300_799)).UtcDateTime;
        if ((now - sentAt).Duration() > Tolerance)
            return false;

        var key = SigningKey(signingSecret);
        var prefix = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var expected = HMACSHA256.HashData(key, signed);

        var matched = false;
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal))
                continue;
            var presented = new byte[32];
            if (Convert.TryFromBase64String(candidate[3..], presented, out var written) && written == presented.Length)
                matched |= CryptographicOperations.FixedTimeEquals(expected, presented);
        }
        return matched;
    }

    /// <summary>Standard Webhooks secrets are base64 after a <c>whsec_</c> prefix; any other secret is used as its UTF-8 bytes.</summary>
    public static byte[] SigningKey(string secret)
    {
        const string Prefix = "whsec_";
        if (secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var decoded = new byte[secret.Length];
            if (Convert.TryFromBase64String(secret[Prefix.Length..], decoded, out var written))
                return decoded[..written];
        }
        return Encoding.UTF8.GetBytes(secret);
    }
}
