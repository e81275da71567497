using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Core.Tests.Integrations.Normalisation;

/// <summary>Raw deliveries built from corpus payloads or text, as the webhook inbox would store them.</summary>
internal static class Deliveries
{
    private static readonly Dictionary<string, string> _noHeaders = [];

    public static RawDelivery Body(byte[] body, string eventType = "") => new(eventType, _noHeaders, body);

    public static RawDelivery Text(string json, string eventType = "") => Body(Encoding.UTF8.GetBytes(json), eventType);

    public static RawDelivery Json(string eventType, byte[] body) =>
        new(eventType, new Dictionary<string, string> { ["content-type"] = "application/json" }, body);

    public static RawDelivery Json(string eventType, string body) => Json(eventType, Encoding.UTF8.GetBytes(body));

    public static RawDelivery FromCorpus(string eventType, string relativePath) => Json(eventType, Corpus.Bytes(relativePath));

    /// <summary>A corpus payload changed by <paramref name="edit"/>, for the cases the corpus has no example of.</summary>
    public static RawDelivery Edited(string eventType, string relativePath, Action<JsonObject> edit)
    {
        var payload = JsonNode.Parse(Corpus.Bytes(relativePath))!.AsObject();
        edit(payload);
        return Json(eventType, payload.ToJsonString());
    }

    /// <summary>The JSON files of a corpus folder as paths relative to the corpus, in a stable order.</summary>
    public static IEnumerable<string> JsonFiles(string folder) =>
        Directory.EnumerateFiles(Corpus.PathOf(folder), "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Corpus.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static T Single<T>(Normalised normalised) where T : ToolchainEvent =>
        Assert.IsType<T>(Assert.Single(Assert.IsType<Normalised.Events>(normalised).Items));

    /// <summary>A comparable rendering: records compare their collections by reference, this compares their content.</summary>
    public static string Describe(Normalised result) => result switch
    {
        Normalised.Events events => string.Join('\n', events.Items.Select(e => e.GetType().Name + JsonSerializer.Serialize(e, e.GetType()))),
        _ => result.ToString(),
    };
}
