using System.Globalization;
using System.Text.RegularExpressions;

namespace Guardrail.Core.Changes.Policy;

/// <summary>Durations as people write them in a policy: <c>30s</c>, <c>15m</c>, <c>72h</c>, <c>2d</c>, <c>1h30m</c>.</summary>
public static partial class PolicyDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text);
        if (text.Length == 0 || !match.Success)
            return false;
        try
        {
            duration = TimeSpan.FromDays(Part(match, "d")) + TimeSpan.FromHours(Part(match, "h"))
                + TimeSpan.FromMinutes(Part(match, "m")) + TimeSpan.FromSeconds(Part(match, "s"));
        }
        catch (OverflowException)
        {
            return false;
        }
        return duration > TimeSpan.Zero;
    }

    private static long Part(Match match, string unit) =>
        match.Groups[unit].Success ? long.Parse(match.Groups[unit].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(?:(?<d>\d{1,6})d)?(?:(?<h>\d{1,7})h)?(?:(?<m>\d{1,9})m)?(?:(?<s>\d{1,9})s)?$")]
    private static partial Regex Pattern();
}
