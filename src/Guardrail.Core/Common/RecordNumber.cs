using System.Globalization;

namespace Guardrail.Core.Common;

/// <summary>
/// How people write the number of a record (<c>CHG-42</c>, <c>INC-7</c>, <c>PRB-3</c>): a prefix and its id. Every prefix is listed
/// here, so no two kinds of record can ever share one.
/// </summary>
public sealed class RecordNumber
{
    public static readonly RecordNumber Change = new("CHG-");

    public static readonly RecordNumber Incident = new("INC-");

    public static readonly RecordNumber Problem = new("PRB-");

    private RecordNumber(string prefix) => Prefix = prefix;

    public string Prefix { get; }

    public string Format(long id) => Prefix + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads <c>CHG-42</c>, <c>chg-42</c> or <c>42</c> (with this instance's prefix).</summary>
    public bool TryParse(string? text, out long id)
    {
        id = 0;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var digits = text.Trim();
        if (digits.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            digits = digits[Prefix.Length..];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }
}
