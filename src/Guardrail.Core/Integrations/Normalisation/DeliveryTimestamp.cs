using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Guardrail.Core.Integrations.Normalisation;

/// <summary>
/// The timestamps tools send, read exactly and keeping their offset: ISO 8601 with <c>Z</c> or an offset (GitHub,
/// GitLab's newer fields) and GitLab's <c>2015-04-22 16:33:38 UTC</c> and <c>2021-04-28 21:50:00 +0200</c>. A time
/// without a zone is refused rather than read in the server's zone, which would make normalising depend on the host.
/// </summary>
internal static class DeliveryTimestamp
{
    private static readonly string[] _formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mm:ss 'UTC'",
        "yyyy-MM-dd HH:mm:ss zzz",
    ];

    private const int MaxLength = 40;

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, _formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);

    /// <summary>Parses a JSON string element from its UTF-8 bytes, without making a string of it.</summary>
    public static bool TryParse(JsonElement value, out DateTimeOffset result)
    {
        var utf8 = JsonMarshal.GetRawUtf8Value(value)[1..^1];
        // System.Text.Json's ISO 8601 reader is several times faster, but reads a time without a zone in the
        // server's zone, so only a value that ends in one is given to it.
        if (EndsInIsoZone(utf8) && value.TryGetDateTimeOffset(out result))
        {
            return true;
        }
        if (utf8.Contains((byte)'\\'))
        {
            return TryParse(value.GetString(), out result);
        }
        if (utf8.Length > MaxLength)
        {
            result = default;
            return false;
        }
        Span<char> text = stackalloc char[MaxLength];
        return TryParse(text[..Encoding.UTF8.GetChars(utf8, text)], out result);
    }

    private static bool EndsInIsoZone(ReadOnlySpan<byte> utf8) =>
        utf8.Length > 19 && utf8[10] == (byte)'T'
        && (utf8[^1] == (byte)'Z' || (utf8[^6] is (byte)'+' or (byte)'-' && utf8[^3] == (byte)':'));
}
