using System.Text.Json.Nodes;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Integrations.Normalisation.Pagerduty;
using static Guardrail.Core.Tests.Integrations.Normalisation.Deliveries;

namespace Guardrail.Core.Tests.Integrations.Normalisation;

public class PagerdutyNormaliserTests
{
    private static readonly PagerdutyNormaliser _normaliser = new();

    /// <summary>Built from the documented v3 envelope and incident object (see corpus/pagerduty/README.md).</summary>
    private const string Triggered = """
        {
          "event": {
            "id": "01DVKD0S4BV7PG2MZZ3SX8UNMN",
            "event_type": "incident.triggered",
            "resource_type": "incident",
            "occurred_at": "2026-03-02T09:15:41.207Z",
            "agent": { "id": "PSVC7X1", "type": "service_reference", "summary": "Checkout API", "self": "https://api.pagerduty.com/services/PSVC7X1", "html_url": "https://acme.pagerduty.com/services/PSVC7X1" },
            "client": { "name": "Prometheus" },
            "data": {
              "id": "Q2HKM8RZ4C7T1A",
              "type": "incident",
              "self": "https://api.pagerduty.com/incidents/Q2HKM8RZ4C7T1A",
              "html_url": "https://acme.pagerduty.com/incidents/Q2HKM8RZ4C7T1A",
              "number": 4182,
              "status": "triggered",
              "incident_key": "checkout-5xx-production",
              "created_at": "2026-03-02T09:15:40Z",
              "title": "Checkout 5xx rate above 5%",
              "service": { "id": "PSVC7X1", "type": "service_reference", "summary": "Checkout API", "self": "https://api.pagerduty.com/services/PSVC7X1", "html_url": "https://acme.pagerduty.com/services/PSVC7X1" },
              "assignees": [
                { "id": "PUSR0A1", "type": "user_reference", "summary": "Ada Okafor" },
                { "id": "PUSR0B2", "type": "user_reference", "summary": "Lin Park" }
              ],
              "escalation_policy": { "id": "PEP9Q2L", "type": "escalation_policy_reference", "summary": "Payments on-call" },
              "teams": [ { "id": "PTM4N7V", "type": "team_reference", "summary": "Payments" } ],
              "priority": { "id": "PPRI1XA", "type": "priority_reference", "summary": "P1" },
              "urgency": "high",
              "conference_bridge": { "conference_number": "+44 20 7946 0000,,4182#", "conference_url": "https://meet.acme.test/inc-4182" },
              "resolve_reason": null
            }
          }
        }
        """;

    private static Normalised Normalise(string json) => _normaliser.Normalise(Text(json));

    private static string Edited(Action<JsonObject> edit)
    {
        var body = JsonNode.Parse(Triggered)!.AsObject();
        edit(body);
        return body.ToJsonString();
    }

    private static JsonObject Event(JsonObject body) => body["event"]!.AsObject();

    private static JsonObject Incident(JsonObject body) => body["event"]!["data"]!.AsObject();

    [Fact]
    public void It_normalises_pagerduty() => Assert.Equal(IntegrationKind.Pagerduty, _normaliser.Kind);

    [Fact]
    public void A_triggered_incident_is_a_firing_alert_keyed_by_its_incident_key()
    {
        var alert = Single<AlertObserved>(Normalise(Triggered));

        Assert.Equal("checkout-5xx-production", alert.Fingerprint);
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Equal("Checkout 5xx rate above 5%", alert.Title);
        Assert.Equal("P1", alert.Severity);
        Assert.Equal("Checkout API", alert.ServiceHint);
        Assert.Equal("https://acme.pagerduty.com/incidents/Q2HKM8RZ4C7T1A", alert.Url);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 40, TimeSpan.Zero), alert.StartsAt);
        Assert.Null(alert.EndsAt);
        Assert.Null(alert.Environment);
        Assert.Equal(new Dictionary<string, string>
        {
            ["pagerduty.event_type"] = "incident.triggered",
            ["pagerduty.incident_id"] = "Q2HKM8RZ4C7T1A",
            ["pagerduty.event_id"] = "01DVKD0S4BV7PG2MZZ3SX8UNMN",
            ["pagerduty.incident_number"] = "4182",
            ["pagerduty.incident_key"] = "checkout-5xx-production",
            ["pagerduty.status"] = "triggered",
            ["pagerduty.priority"] = "P1",
            ["pagerduty.urgency"] = "high",
            ["pagerduty.service_id"] = "PSVC7X1",
            ["pagerduty.escalation_policy"] = "Payments on-call",
            ["pagerduty.teams"] = "Payments",
            ["pagerduty.assignees"] = "Ada Okafor, Lin Park",
            ["pagerduty.agent"] = "Checkout API",
            ["pagerduty.conference_url"] = "https://meet.acme.test/inc-4182",
        }, alert.Labels);
    }

    [Fact]
    public void A_resolved_incident_ends_when_the_event_occurred()
    {
        var body = Edited(b =>
        {
            Event(b)["event_type"] = "incident.resolved";
            Event(b)["occurred_at"] = "2026-03-02T10:02:13.5Z";
            Incident(b)["status"] = "resolved";
        });

        var alert = Single<AlertObserved>(Normalise(body));

        Assert.Equal("checkout-5xx-production", alert.Fingerprint);
        Assert.Equal(AlertState.Resolved, alert.State);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 40, TimeSpan.Zero), alert.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 2, 13, 500, TimeSpan.Zero), alert.EndsAt);
        Assert.Equal("incident.resolved", alert.Labels["pagerduty.event_type"]);
    }

    [Theory]
    [InlineData("incident.acknowledged", "acknowledged", AlertState.Firing)]
    [InlineData("incident.reopened", "triggered", AlertState.Firing)]
    [InlineData("incident.priority_updated", "triggered", AlertState.Firing)]
    [InlineData("incident.priority_updated", "resolved", AlertState.Resolved)]
    public void Other_incident_events_keep_the_alert_firing_until_the_incident_is_resolved(string eventType, string status, AlertState state)
    {
        var body = Edited(b =>
        {
            Event(b)["event_type"] = eventType;
            Incident(b)["status"] = status;
        });

        var alert = Single<AlertObserved>(Normalise(body));

        Assert.Equal(state, alert.State);
        Assert.Null(alert.EndsAt);
    }

    [Fact]
    public void Without_an_incident_key_the_incident_id_is_the_fingerprint()
    {
        var body = Edited(b => Incident(b).Remove("incident_key"));

        var alert = Single<AlertObserved>(Normalise(body));

        Assert.Equal("Q2HKM8RZ4C7T1A", alert.Fingerprint);
        Assert.False(alert.Labels.ContainsKey("pagerduty.incident_key"));
    }

    [Fact]
    public void Without_a_priority_the_urgency_is_the_severity()
    {
        var body = Edited(b => Incident(b)["priority"] = null);

        Assert.Equal("high", Single<AlertObserved>(Normalise(body)).Severity);
    }

    [Theory]
    [InlineData("""{"event": {"id": "01E2", "event_type": "pagey.ping", "resource_type": "pagey", "occurred_at": "2026-03-02T09:00:00Z", "agent": null, "client": null, "data": {"message": "Hello from your friend Pagey!", "type": "ping"}}}""", "pagey.ping")]
    [InlineData("""{"event": {"id": "01E3", "event_type": "service.updated", "resource_type": "service", "occurred_at": "2026-03-02T09:00:00Z", "agent": null, "client": null, "data": {"id": "PSVC7X1", "type": "service", "summary": "Checkout API"}}}""", "service.updated")]
    [InlineData("""{"event": {"id": "01E4", "event_type": "incident.annotated", "resource_type": "incident", "occurred_at": "2026-03-02T09:20:00Z", "data": {"id": "PNOTE1", "type": "incident_note", "content": "Rolled back checkout to v812", "incident": {"id": "Q2HKM8RZ4C7T1A", "type": "incident_reference"}}}}""", "incident_note")]
    [InlineData("""{"event": {"id": "01E5", "event_type": "incident.responder.added", "resource_type": "incident", "occurred_at": "2026-03-02T09:20:00Z", "data": {"type": "incident_responder", "incident": {"id": "Q2HKM8RZ4C7T1A", "type": "incident_reference"}}}}""", "incident_responder")]
    public void Events_that_do_not_carry_an_incident_are_ignored(string body, string named) =>
        Assert.Contains(named, Assert.IsType<Normalised.Ignored>(Normalise(body)).Reason, StringComparison.Ordinal);

    public static TheoryData<string, string> BrokenDeliveries() => new()
    {
        { "not json", "The body is not JSON" },
        { """{"messages": []}""", "The body has no event object." },
        { Edited(b => Event(b).Remove("event_type")), "The event has no event_type." },
        { Edited(b => Event(b).Remove("data")), "The incident.triggered event has no data object." },
        { Edited(b => Incident(b).Remove("id")), "The incident.triggered event's incident has no id." },
        {
            Edited(b =>
            {
                Incident(b).Remove("created_at");
                Event(b).Remove("occurred_at");
            }),
            "The incident.triggered event's incident has no created_at time."
        },
    };

    [Theory]
    [MemberData(nameof(BrokenDeliveries))]
    public void A_delivery_without_an_event_or_incident_it_promises_is_malformed(string body, string problem) =>
        Assert.StartsWith(problem, Assert.IsType<Normalised.Malformed>(Normalise(body)).Problem, StringComparison.Ordinal);
}
