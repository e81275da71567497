using System.Text;
using System.Text.Json.Nodes;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Tests.Support;

namespace Guardrail.Core.Tests.Integrations.Normalisation;

/// <summary>Raw deliveries built from corpus payloads, as the webhook inbox would store them.</summary>
internal static class Deliveries
{
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

    public static T Single<T>(Normalised normalised) where T : ToolchainEvent
    {
        var events = Assert.IsType<Normalised.Events>(normalised);
        return Assert.IsType<T>(Assert.Single(events.Items));
    }
}
