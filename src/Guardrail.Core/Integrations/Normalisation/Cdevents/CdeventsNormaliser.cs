using System.Text.Json;

namespace Guardrail.Core.Integrations.Normalisation.Cdevents;

/// <summary>
/// Reads CDEvents 0.4.x and 0.5.x delivered as CloudEvents over HTTP, in binary mode (the context in <c>ce-*</c>
/// headers, the CDEvent as the body), in structured mode (<c>application/cloudevents+json</c>, the CDEvent under
/// <c>data</c>) or as a bare CDEvent. The mode is read from the body, so a lost content-type header does not matter.
/// </summary>
/// <remarks>
/// Decoded with System.Text.Json rather than the CloudEvents SDK: a delivery here is stored bytes and a header map,
/// not an HTTP message, only five CloudEvents attributes matter, and the SDK throws on bad input where a malformed
/// delivery is an expected outcome. One parse serves the envelope and the CDEvent.
/// </remarks>
public sealed class CdeventsNormaliser : IDeliveryNormaliser
{
    private const string TypePrefix = "dev.cdevents.";

    public IntegrationKind Kind => IntegrationKind.Cdevents;

    public Normalised Normalise(RawDelivery delivery)
    {
        using var document = DeliveryJson.ParseObject(delivery.Body, out var problem);
        if (document is null)
            return new Normalised.Malformed(problem!);

        var root = document.RootElement;
        var cloudEventType = delivery.EventType.Length > 0 ? delivery.EventType : delivery.Headers.GetValueOrDefault("ce-type");
        if (root.TryGetProperty("context", out _))
        {
            if (delivery.Headers.GetValueOrDefault("ce-specversion") is { } headerVersion && headerVersion != "1.0")
                return new Normalised.Malformed($"ce-specversion is '{headerVersion}'; CDEvents are bound to CloudEvents 1.0.");
            return Read(root, cloudEventType);
        }

        if (root.TryGetProperty("specversion", out _))
            return ReadStructured(root);

        return new Normalised.Malformed(
            "The body is neither a CDEvent (with context and subject) nor a structured CloudEvent (with specversion and data).");
    }

    private static Normalised ReadStructured(JsonElement cloudEvent)
    {
        if (cloudEvent.Text("specversion") is not "1.0")
            return new Normalised.Malformed($"The structured CloudEvent has specversion '{cloudEvent.Text("specversion")}'; CDEvents are bound to CloudEvents 1.0.");
        if (cloudEvent.Text("type") is not { } type)
            return new Normalised.Malformed("The structured CloudEvent has no type.");
        if (cloudEvent.Text("datacontenttype") is { } contentType && !IsJson(contentType))
            return new Normalised.Malformed($"The structured CloudEvent's datacontenttype is '{contentType}'; a CDEvent is JSON.");
        if (cloudEvent.TryGetProperty("data_base64", out _))
            return new Normalised.Malformed("The structured CloudEvent carries data_base64; a CDEvent must be JSON under data.");
        if (cloudEvent.Object("data") is not { } data)
            return new Normalised.Malformed("The structured CloudEvent has no JSON object under data.");
        return Read(data, type);
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.AsSpan();
        if (mediaType.IndexOf(';') is var semicolon and >= 0)
            mediaType = mediaType[..semicolon];
        mediaType = mediaType.Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static Normalised Read(JsonElement cdevent, string? cloudEventType)
    {
        if (cdevent.Object("context") is not { } context)
            return new Normalised.Malformed("The CDEvent's context is not an object.");
        if (context.Text("type") is not { } type)
            return new Normalised.Malformed("The CDEvent has no context.type.");
        if (!string.IsNullOrEmpty(cloudEventType) && cloudEventType != type)
            return new Normalised.Malformed($"The CloudEvent type '{cloudEventType}' differs from the CDEvent's context.type '{type}'.");

        // 0.4 names the field version, 0.5 specversion.
        var specVersion = context.Text("specversion") ?? context.Text("version");
        if (specVersion is null)
            return new Normalised.Malformed("The CDEvent context has neither specversion (0.5) nor version (0.4).");
        if (!specVersion.StartsWith("0.4.", StringComparison.Ordinal) && !specVersion.StartsWith("0.5.", StringComparison.Ordinal))
            return new Normalised.Malformed($"CDEvents spec version '{specVersion}' is not supported; Guardrail reads 0.4.x and 0.5.x.");

        if (EventType.Parse(type) is not { } eventType)
            return new Normalised.Malformed($"context.type '{type}' is not a CDEvents type (dev.cdevents.<subject>.<predicate>.<version>).");
        if (context.Text("id") is not { } id)
            return new Normalised.Malformed($"The {eventType} CDEvent has no context.id.");
        if (context.Time("timestamp") is not { } timestamp)
            return new Normalised.Malformed($"The {eventType} CDEvent's context.timestamp is missing or not an ISO 8601 time.");
        if (cdevent.Object("subject") is not { } subject)
            return new Normalised.Malformed($"The {eventType} CDEvent has no subject.");
        if (subject.Text("id") is not { } subjectId)
            return new Normalised.Malformed($"The {eventType} CDEvent has no subject.id.");
        if (subject.Object("content") is not { } content)
            return new Normalised.Malformed($"The {eventType} CDEvent has no subject.content.");

        var cde = new Cdevent(eventType, id, timestamp, context, subjectId, subject, content);
        return (eventType.Subject, eventType.Predicate) switch
        {
            ("service", "deployed" or "upgraded" or "rolledback" or "removed") => Deployment(cde),
            ("pipelinerun", "queued" or "started" or "finished") => PipelineRun(cde),
            ("change", "created" or "reviewed" or "merged" or "abandoned" or "updated") => Change(cde),
            ("incident", "detected" or "reported" or "resolved") => Incident(cde, cdevent),
            ("ticket", "created" or "updated" or "closed") => Ticket(cde),
            _ => new Normalised.Ignored($"CDEvents {eventType} events are not used by Guardrail."),
        };
    }

    /// <summary>
    /// <c>service.deployed</c> and <c>service.upgraded</c> are successful rollouts. <c>service.rolledback</c> is also a
    /// successful rollout, of an older version, and is reported as <see cref="DeploymentState.RolledBack"/> so that the
    /// metrics count it as a deployment (frequency) and as rework, and mark the deployment it replaced as failed
    /// (<c>METRICS.md</c> items 1, 4 and 7). <c>service.removed</c> takes the service out of the environment: it is
    /// <see cref="DeploymentState.Removed"/>, not a deployment. The provider id is the event's <c>context.id</c>; the
    /// artifact's purl yields a commit only when it states one (see <see cref="PackageUrl"/>). The environment's
    /// <c>source</c> has no place in <see cref="DeploymentObserved"/>: the environment is its <c>id</c>.
    /// </summary>
    private static Normalised Deployment(Cdevent cde)
    {
        if (cde.Content.Object("environment")?.Text("id") is not { } environment)
            return new Normalised.Malformed($"The {cde.Type} CDEvent has no subject.content.environment.id.");

        var artifact = cde.Content.Text("artifactId");
        var source = artifact is null ? default : PackageUrl.Read(artifact);
        var status = cde.Type.Predicate switch
        {
            "rolledback" => DeploymentState.RolledBack,
            "removed" => DeploymentState.Removed,
            _ => DeploymentState.Succeeded,
        };
        return One(new DeploymentObserved(
            ProviderDeploymentId: cde.Id,
            Repository: source.Repository,
            ServiceHint: cde.SubjectId,
            Environment: environment,
            Ref: null,
            CommitSha: source.CommitSha,
            Artifact: artifact,
            Status: status,
            At: cde.Timestamp,
            StartedAt: null,
            Description: null,
            Url: null,
            CorrelationId: cde.Context.Text("chainId")));
    }

    /// <summary>The run is the subject, so its queued, started and finished events share <c>subject.id</c> as the run id.</summary>
    private static Normalised PipelineRun(Cdevent cde)
    {
        PipelineRunState state;
        switch (cde.Type.Predicate)
        {
            case "queued":
                state = PipelineRunState.Queued;
                break;
            case "started":
                state = PipelineRunState.Running;
                break;
            default:
                var outcome = cde.Content.Text("outcome");
                if (outcome is null)
                    return new Normalised.Ignored($"The {cde.Type} CDEvent has no outcome, so whether the run succeeded is unknown.");
                PipelineRunState? finished = outcome switch
                {
                    "success" => PipelineRunState.Succeeded,
                    "failure" or "error" => PipelineRunState.Failed,
                    "cancel" => PipelineRunState.Cancelled,
                    _ => null,
                };
                if (finished is null)
                    return new Normalised.Malformed($"The {cde.Type} CDEvent's outcome '{outcome}' is not success, failure, error or cancel.");
                state = finished.Value;
                break;
        }

        return One(new PipelineRunObserved(
            ProviderRunId: cde.SubjectId,
            Repository: null,
            Name: cde.Content.Text("pipelineName") ?? cde.SubjectId,
            Ref: null,
            CommitSha: null,
            Status: state,
            StartedAt: state == PipelineRunState.Running ? cde.Timestamp : null,
            FinishedAt: cde.Type.Predicate == "finished" ? cde.Timestamp : null,
            // 0.4 names the link url, 0.5 uri.
            Url: cde.Content.Text("uri") ?? cde.Content.Text("url"),
            CorrelationId: cde.Context.Text("chainId")));
    }

    /// <summary>
    /// A change (pull or merge request) event names the change and its repository but no commits, so even
    /// <c>change.merged</c> is kept only as a work item: lead time comes from the forge's own pull-request events.
    /// </summary>
    private static Normalised Change(Cdevent cde) =>
        One(new WorkItemObserved(
            Kind: "change",
            Action: cde.Type.Predicate,
            Id: cde.SubjectId,
            Repository: cde.Content.Object("repository")?.Text("id"),
            Title: cde.Content.Text("description"),
            Url: null,
            At: cde.Timestamp));

    private static Normalised Ticket(Cdevent cde) =>
        One(new WorkItemObserved(
            Kind: "ticket",
            Action: cde.Type.Predicate,
            Id: cde.SubjectId,
            Repository: null,
            Title: cde.Content.Text("summary"),
            Url: cde.Content.Text("uri"),
            At: cde.Timestamp));

    /// <summary>
    /// The incident is the subject, so <c>subject.id</c> is the fingerprint. An <c>incident.resolved</c> event does
    /// not say when the incident began: its <see cref="AlertObserved.StartsAt"/> is the resolution time, and whoever
    /// keeps the alert keeps the start from the first event of that fingerprint.
    /// </summary>
    private static Normalised Incident(Cdevent cde, JsonElement cdevent)
    {
        var resolved = cde.Type.Predicate == "resolved";
        return One(new AlertObserved(
            Fingerprint: cde.SubjectId,
            State: resolved ? AlertState.Resolved : AlertState.Firing,
            Title: cde.Content.Text("description") ?? cde.SubjectId,
            Severity: null,
            Labels: IncidentLabels(cde, cdevent),
            StartsAt: cde.Timestamp,
            EndsAt: resolved ? cde.Timestamp : null,
            Url: cde.Content.Text("ticketURI"),
            ServiceHint: cde.Content.Object("service")?.Text("id"),
            Environment: cde.Content.Object("environment")?.Text("id")));
    }

    /// <summary>
    /// The event's type and source, the content's scalar fields (<c>artifactId</c>, <c>ticketURI</c>…) and those of its
    /// references (<c>environment.source</c>, <c>service.source</c>), and the scalar fields of a JSON
    /// <c>customData</c> object as <c>customData.&lt;name&gt;</c> (monitors put the metric and threshold there).
    /// </summary>
    private static Dictionary<string, string> IncidentLabels(Cdevent cde, JsonElement cdevent)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["cdevents.type"] = cde.Type.Value };
        if (cde.Context.Text("source") is { } source)
            labels["cdevents.source"] = source;
        if (cde.Subject.Text("source") is { } subjectSource)
            labels["cdevents.subject_source"] = subjectSource;

        foreach (var property in cde.Content.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object)
                AddScalars(labels, property.Name + ".", property.Value);
            else if (property.Value.AsText() is { } value)
                labels[property.Name] = value;
        }

        if (cdevent.Object("customData") is { } customData)
            AddScalars(labels, "customData.", customData);
        return labels;
    }

    private static void AddScalars(Dictionary<string, string> labels, string prefix, JsonElement element)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.AsText() is { } value)
                labels[prefix + property.Name] = value;
        }
    }

    private static Normalised.Events One(ToolchainEvent item) => new([item]);

    /// <summary><c>dev.cdevents.&lt;subject&gt;.&lt;predicate&gt;.&lt;version&gt;</c>.</summary>
    private sealed record EventType(string Value, string Subject, string Predicate)
    {
        public static EventType? Parse(string type)
        {
            if (!type.StartsWith(TypePrefix, StringComparison.Ordinal))
                return null;
            var parts = type[TypePrefix.Length..].Split('.', 3);
            return parts is [{ Length: > 0 } subject, { Length: > 0 } predicate, { Length: > 0 }]
                ? new EventType(type, subject, predicate)
                : null;
        }

        public override string ToString() => $"{Subject}.{Predicate}";
    }

    private sealed record Cdevent(
        EventType Type,
        string Id,
        DateTimeOffset Timestamp,
        JsonElement Context,
        string SubjectId,
        JsonElement Subject,
        JsonElement Content);
}
