using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Guardrail.Core.Integrations;

/// <summary>
/// The id Guardrail sends with every pipeline it triggers. Some tools return it only inside a name (a GitHub workflow's
/// <c>run-name</c>), so it has a shape that can be found in text.
/// </summary>
public static partial class CorrelationIds
{
    public static string New() => "grd-" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(15)).Replace('-', 'x').Replace('_', 'y');

    public static string? Find(string? text) => text is null ? null : Pattern().Match(text) is { Success: true } match ? match.Value : null;

    [GeneratedRegex("grd-[A-Za-z0-9]{20}")]
    private static partial Regex Pattern();
}
