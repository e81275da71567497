using System.Text;
using System.Text.Json;

namespace Guardrail.Core.Integrations.Normalisation.Pagerduty;

/// <summary>
/// Reads PagerDuty v3 webhook deliveries (<c>{"event": {...}}</c>). Every <c>incident.*</c> event whose data is the
/// incident itself becomes an <see cref="AlertObserved"/> keyed by the incident key (else the incident id). Events whose
/// data is something else (<c>incident.annotated</c> carries an <c>incident_note</c>, <c>incident.responder.*</c> an
/// <c>incident_responder</c>, <c>incident.status_update_published</c> a status update) do not state the incident's
/// title, status or start, and non-incident events (<c>service.*</c>, <c>pagey.ping</c>) say nothing about one: both
/// are ignored.
/// </summary>
public sealed class PagerdutyNormaliser : IDeliveryNormaliser
{
    public IntegrationKind Kind => IntegrationKind.Pagerduty;

    public Normalised Normalise(RawDelivery delivery)
    {
        using var document = DeliveryJson.ParseObject(delivery.Body, out var problem);
        if (document is null)
            return new Normalised.Malformed(problem!);

        if (document.RootElement.Object("event") is not { } pagerdutyEvent)
            return new Normalised.Malformed("The body has no event object.");
        if (pagerdutyEvent.Text("event_type") is not { } eventType)
            return new Normalised.Malformed("The event has no event_type.");
        if (!eventType.StartsWith("incident.", StringComparison.Ordinal))
            return new Normalised.Ignored($"PagerDuty {eventType} events are not used by Guardrail.");
        if (pagerdutyEvent.Object("data") is not { } incident)
            return new Normalised.Malformed($"The {eventType} event has no data object.");
        var dataType = incident.Text("type");
        if (dataType != "incident")
            return new Normalised.Ignored($"PagerDuty {eventType} carries {dataType ?? "untyped"} data, not the incident's state.");
        if (incident.Text("id") is not { } incidentId)
            return new Normalised.Malformed($"The {eventType} event's incident has no id.");
        if ((incident.Time("created_at") ?? pagerdutyEvent.Time("occurred_at")) is not { } createdAt)
            return new Normalised.Malformed($"The {eventType} event's incident has no created_at time.");

        // The status wins over the event type: a priority change on a resolved incident must not reopen its alert.
        var status = incident.Text("status");
        var resolved = eventType == "incident.resolved" || status == "resolved";
        var service = incident.Object("service");
        var priority = incident.Object("priority")?.Text("summary");
        var urgency = incident.Text("urgency");

        return new Normalised.Events([
            new AlertObserved(
                Fingerprint: incident.Text("incident_key") ?? incidentId,
                State: resolved ? AlertState.Resolved : AlertState.Firing,
                Title: incident.Text("title") ?? incident.Text("summary") ?? incidentId,
                Severity: priority ?? urgency,
                Labels: Labels(pagerdutyEvent, eventType, incident, incidentId, status, priority, urgency),
                StartsAt: createdAt,
                EndsAt: eventType == "incident.resolved" ? pagerdutyEvent.Time("occurred_at") : null,
                Url: incident.Text("html_url"),
                ServiceHint: service?.Text("summary")),
        ]);
    }

    /// <summary>What the incident practice needs beside the alert itself: who is on it, where to join, how urgent.</summary>
    private static Dictionary<string, string> Labels(
        JsonElement pagerdutyEvent, string eventType, JsonElement incident, string incidentId, string? status, string? priority, string? urgency)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pagerduty.event_type"] = eventType,
            ["pagerduty.incident_id"] = incidentId,
        };
        Add(labels, "pagerduty.event_id", pagerdutyEvent.Text("id"));
        Add(labels, "pagerduty.incident_number", incident.Text("number"));
        Add(labels, "pagerduty.incident_key", incident.Text("incident_key"));
        Add(labels, "pagerduty.status", status);
        Add(labels, "pagerduty.priority", priority);
        Add(labels, "pagerduty.urgency", urgency);
        Add(labels, "pagerduty.service_id", incident.Object("service")?.Text("id"));
        Add(labels, "pagerduty.escalation_policy", incident.Object("escalation_policy")?.Text("summary"));
        Add(labels, "pagerduty.teams", Summaries(incident, "teams"));
        Add(labels, "pagerduty.assignees", Summaries(incident, "assignees"));
        Add(labels, "pagerduty.agent", pagerdutyEvent.Object("agent")?.Text("summary"));
        Add(labels, "pagerduty.conference_url", incident.Object("conference_bridge")?.Text("conference_url"));
        return labels;
    }

    private static void Add(Dictionary<string, string> labels, string name, string? value)
    {
        if (value is not null)
            labels[name] = value;
    }

    /// <summary>The summaries of an array of references, comma-separated.</summary>
    private static string? Summaries(JsonElement incident, string name)
    {
        if (incident.Array(name) is not { } references)
            return null;
        var joined = new StringBuilder();
        foreach (var reference in references.EnumerateArray())
        {
            if (reference.ValueKind == JsonValueKind.Object && reference.Text("summary") is { } summary)
                joined.Append(joined.Length > 0 ? ", " : "").Append(summary);
        }
        return joined.Length > 0 ? joined.ToString() : null;
    }
}
