using System.Text.Json;
using System.Text.Json.Serialization;

namespace Guardrail.Core.Integrations.Outbox;

/// <summary>
/// The kind-specific settings of a target, kept as JSON on it: the workflow and ref a GitHub dispatch runs, the event
/// type of a repository dispatch, the ref a GitLab trigger runs, the Jenkins user whose API token is the secret.
/// </summary>
public sealed record TargetSettings(string? Workflow = null, string? Ref = null, string? EventType = null, string? User = null)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The settings each kind takes; all of them are required.</summary>
    public static IReadOnlyList<string> NamesFor(OutboundTargetKind kind) => kind switch
    {
        OutboundTargetKind.GithubWorkflowDispatch => ["workflow", "ref"],
        OutboundTargetKind.GithubRepositoryDispatch => ["eventType"],
        OutboundTargetKind.GitlabPipelineTrigger => ["ref"],
        OutboundTargetKind.JenkinsBuild => ["user"],
        _ => [],
    };

    public static TargetSettings Read(string json) => JsonSerializer.Deserialize<TargetSettings>(json, s_json) ?? new TargetSettings();

    public static TargetSettings From(IReadOnlyDictionary<string, string> settings) => new(
        settings.GetValueOrDefault("workflow"), settings.GetValueOrDefault("ref"), settings.GetValueOrDefault("eventType"), settings.GetValueOrDefault("user"));

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    public IReadOnlyDictionary<string, string> ToDictionary() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(ToJson(), s_json) ?? [];
}
