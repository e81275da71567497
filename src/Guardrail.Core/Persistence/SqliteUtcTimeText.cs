using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Guardrail.Core.Persistence;

/// <summary>
/// A UTC time as SQLite text in the format EF Core's SQLite provider writes, <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, so stored
/// values, comparisons and ordering are the provider's own. Reading parses that format directly; any other text a tool may
/// have written is read by the general parser, as UTC unless it names its offset.
/// </summary>
internal sealed class SqliteUtcTimeText() : ValueConverter<DateTime, string>(time => ToText(time), text => FromText(text))
{
    private const string Format = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    public static string ToText(DateTime time) =>
        (time.Kind == DateTimeKind.Utc ? time : time.ToUniversalTime()).ToString(Format, CultureInfo.InvariantCulture);

    public static DateTime FromText(string text) =>
        TryParseWritten(text, out var time)
            ? time
            : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static bool TryParseWritten(ReadOnlySpan<char> text, out DateTime time)
    {
        time = default;
        if (text.Length < 19 || text.Length == 20 || text.Length > 27 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':'
            || (text.Length > 19 && text[19] != '.'))
            return false;
        if (!Digits(text[..4], out var year) || !Digits(text[5..7], out var month) || !Digits(text[8..10], out var day)
            || !Digits(text[11..13], out var hour) || !Digits(text[14..16], out var minute) || !Digits(text[17..19], out var second))
            return false;
        var fraction = 0;
        if (text.Length > 19)
        {
            if (!Digits(text[20..], out fraction))
                return false;
            for (var place = text.Length - 20; place < 7; place++)
                fraction *= 10;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        time = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
