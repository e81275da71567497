using System.Text;
using System.Text.Json;
using Guardrail.Core.Integrations.Normalisation;

namespace Guardrail.Core.Tests.Integrations.Normalisation;

internal static class Deliveries
{
    private static readonly Dictionary<string, string> _noHeaders = [];

    public static RawDelivery Body(byte[] body, string eventType = "") => new(eventType, _noHeaders, body);

    public static RawDelivery Json(string json, string eventType = "") => Body(Encoding.UTF8.GetBytes(json), eventType);

    public static T Single<T>(Normalised result) where T : ToolchainEvent =>
        Assert.IsType<T>(Assert.Single(Assert.IsType<Normalised.Events>(result).Items));

    /// <summary>A comparable rendering: records compare their collections by reference, this compares their content.</summary>
    public static string Describe(Normalised result) => result switch
    {
        Normalised.Events events => string.Join('\n', events.Items.Select(e => e.GetType().Name + JsonSerializer.Serialize(e, e.GetType()))),
        _ => result.ToString(),
    };
}
