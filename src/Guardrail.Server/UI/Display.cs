using System.Globalization;

namespace Guardrail.Server.UI;

/// <summary>How the pages show values: times are stored and shown in UTC, as the API returns them.</summary>
public static class Display
{
    public static string Utc(DateTime time) => time.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
}
