using System.Text.Json;
using System.Text.Json.Serialization;

namespace Guardrail.Core.Incidents.Reviews;

/// <summary>Reads and writes the lists a review keeps as JSON columns, so the audit trail holds them in full.</summary>
public static class ReviewContent
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    public static IReadOnlyList<ContributingFactor> FactorsOf(IncidentReview review) =>
        JsonSerializer.Deserialize<List<ContributingFactor>>(review.ContributingFactors, s_json) ?? [];

    public static IReadOnlyList<string> ItemsOf(string json) => JsonSerializer.Deserialize<List<string>>(json, s_json) ?? [];

    public static string Write(IEnumerable<ContributingFactor> factors) => JsonSerializer.Serialize(factors.ToList(), s_json);

    public static string Write(IEnumerable<string> items) => JsonSerializer.Serialize(items.ToList(), s_json);
}
