using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Server.Tests.Incidents.IncidentCalls;

namespace Guardrail.Server.Tests.Incidents;

/// <summary>
/// Alertmanager notifications (webhook payload version 4, as Alertmanager's configuration documentation gives it),
/// PagerDuty v3 webhooks (from the format notes in the corpus) and CDEvents incident events (the corpus's conformance
/// examples), signed as each tool signs them, open, join, resolve and reopen incidents.
/// </summary>
public sealed class AlertIncidentTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    /// <param name="ErrorRate">The value the rule's description annotation quotes; it changes between notifications of one alert.</param>
    private sealed record AmAlert(string Status, string Fingerprint, DateTime StartsAt, DateTime? EndsAt = null, string ErrorRate = "2.4%");

    [Fact]
    public async Task Alertmanager_alerts_open_one_incident_per_fingerprint_resolve_it_when_its_alerts_resolve_and_reopen_it_within_the_window()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var (name, token) = await AlertmanagerAsync(admin);
        var (service, _) = await Webhooks.CreateProductionServiceAsync(admin);
        var owner = Text((await (await admin.GetAsync($"/api/v1/services/{service}")).ReadJsonAsync())["ownerTeam"]!["key"]);
        var fingerprint = Fingerprint();
        var start = Now().AddMinutes(-10);
        var restart = Now().AddMinutes(-2);

        var opened = await NotifyAsync(admin, name, token, service, "critical", new AmAlert("firing", fingerprint, start));
        var repeated = await NotifyAsync(admin, name, token, service, "critical", new AmAlert("firing", fingerprint, start, ErrorRate: "3.1%"));
        // Alertmanager lost its state and sends the same alert again with a new start, while the first is still firing.
        var restarted = await NotifyAsync(admin, name, token, service, "critical", new AmAlert("firing", fingerprint, restart));

        var incident = Assert.Single(await ListAsync(admin, $"service={service}"))!;
        var number = Text(incident["number"]);
        Assert.Contains("It opens an incident.", Text(opened["outcome"]), StringComparison.Ordinal);
        Assert.EndsWith(": firing.", Text(repeated["outcome"]), StringComparison.Ordinal);
        Assert.EndsWith(": firing.", Text(restarted["outcome"]), StringComparison.Ordinal);
        Assert.Equal(("new", "p1", "alert", owner, "alertmanager"),
            (Text(incident["state"]), Text(incident["priority"]), Text(incident["prioritySource"]), Text(incident["team"]), Text(incident["reporterName"])));
        Assert.Equal(start, incident["startedAt"]!.GetValue<DateTime>());
        Assert.Equal("Checkout 5xx above 2%", Text(incident["title"]));

        var endedAt = Now();
        var resolving = await NotifyAsync(admin, name, token, service, "critical", new AmAlert("resolved", fingerprint, restart, endedAt));
        var resolved = await GetAsync(admin, number);
        Assert.Contains($"It resolves {number}.", Text(resolving["outcome"]), StringComparison.Ordinal);
        Assert.Equal("resolved", State(resolved));
        Assert.Equal(endedAt, resolved["incident"]!["resolvedAt"]!.GetValue<DateTime>(), TimeSpan.FromMilliseconds(1));
        var alert = Assert.Single(resolved["alerts"]!.AsArray())!;
        Assert.Equal(("resolved", start), (Text(alert["state"]), alert["startsAt"]!.GetValue<DateTime>()));

        var refire = await NotifyAsync(admin, name, token, service, "critical", new AmAlert("firing", fingerprint, Now()));
        var reopened = await GetAsync(admin, number);
        Assert.Contains($"It reopens {number}.", Text(refire["outcome"]), StringComparison.Ordinal);
        Assert.Equal("in-progress", State(reopened));
        Assert.Equal(["opened", "resolved", "reopened"], Kinds(reopened));
        Assert.Equal(["resolved", "firing"], reopened["alerts"]!.AsArray().Select(a => Text(a!["state"])));
        Assert.Single(await ListAsync(admin, $"service={service}"));
    }

    [Fact]
    public async Task An_alert_that_fires_again_after_the_reopen_window_opens_a_new_incident()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var (name, token) = await AlertmanagerAsync(admin);
        var (service, _) = await Webhooks.CreateProductionServiceAsync(admin);
        var fingerprint = Fingerprint();
        var start = Now().AddMinutes(-5);

        await NotifyAsync(admin, name, token, service, "warning", new AmAlert("firing", fingerprint, start));
        await NotifyAsync(admin, name, token, service, "warning", new AmAlert("resolved", fingerprint, start, Now()));
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        var later = await NotifyAsync(admin, name, token, service, "warning", new AmAlert("firing", fingerprint, Now()));

        var incidents = await ListAsync(admin, $"service={service}");
        Assert.Equal(["new", "resolved"], incidents.Select(i => Text(i!["state"])));
        Assert.All(incidents, i => Assert.Equal("p3", Text(i!["priority"])));
        Assert.Contains("It opens an incident.", Text(later["outcome"]), StringComparison.Ordinal);
        var newest = await GetAsync(admin, Text(incidents[0]!["number"]));
        Assert.Equal(["opened", "opened-again"], Kinds(newest));
        Assert.Contains(Text(incidents[1]!["number"]), Text(newest["timeline"]![1]!["message"]), StringComparison.Ordinal);
        // Nobody acknowledged the first: its alert resolved it. Closing it now is no late response.
        var closed = await MovedAsync(admin, await GetAsync(admin, Text(incidents[1]!["number"])), "close");
        Assert.Null(closed["incident"]!["acknowledgedAt"]);
        Assert.Equal("met", Text(closed["incident"]!["responseSla"]!["state"]));
    }

    [Fact]
    public async Task An_incident_a_person_resolved_stays_resolved_while_its_alert_repeats_and_notes_when_the_alert_resolves()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var (name, token) = await AlertmanagerAsync(admin);
        var (service, _) = await Webhooks.CreateProductionServiceAsync(admin);
        var fingerprint = Fingerprint();
        var start = Now().AddMinutes(-5);
        await NotifyAsync(admin, name, token, service, "warning", new AmAlert("firing", fingerprint, start));
        var number = Text(Assert.Single(await ListAsync(admin, $"service={service}"))!["number"]);

        await MovedAsync(admin, await GetAsync(admin, number), "resolve", notes: "Scaled the workers by hand");
        await NotifyAsync(admin, name, token, service, "warning", new AmAlert("firing", fingerprint, start, ErrorRate: "2.9%"));
        var stillResolved = await GetAsync(admin, number);
        var cleared = await NotifyAsync(admin, name, token, service, "warning", new AmAlert("resolved", fingerprint, start, Now()));

        var detail = await GetAsync(admin, number);
        Assert.Equal("resolved", State(stillResolved));
        Assert.Contains($"{number} was resolved already.", Text(cleared["outcome"]), StringComparison.Ordinal);
        Assert.Equal(["opened", "resolved", "alert-resolved"], Kinds(detail));
        Assert.Equal(("resolved", "Scaled the workers by hand"), (State(detail), Text(detail["resolutionNotes"])));
    }

    [Fact]
    public async Task A_pagerduty_incident_opens_one_incident_by_its_id_ignores_acknowledgement_resolves_and_reopens()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("pd");
        var (_, secret) = await Webhooks.CreateIntegrationAsync(admin, "pagerduty", name, secret: "pd-secret-" + Guid.NewGuid().ToString("N"));
        var (service, _) = await Webhooks.CreateProductionServiceAsync(admin);
        var pagerdutyId = "Q" + Guid.NewGuid().ToString("N")[..13].ToUpperInvariant();
        var otherId = "Q" + Guid.NewGuid().ToString("N")[..13].ToUpperInvariant();
        var key = Json.Unique("checkout-latency");
        var created = Now().AddMinutes(-3);

        var triggered = await PagerdutyAsync(admin, name, secret, "incident.triggered", pagerdutyId, key, "triggered", service, created);
        await PagerdutyAsync(admin, name, secret, "incident.acknowledged", pagerdutyId, key, "acknowledged", service, created);
        var same = Assert.Single(await ListAsync(admin, $"service={service}"))!;
        var number = Text(same["number"]);
        Assert.Equal(["opened"], Kinds(await GetAsync(admin, number)));
        Assert.Equal(("p2", "pagerduty"), (Text(same["priority"]), Text(same["reporterName"])));
        Assert.Contains("It opens an incident.", Text(triggered["outcome"]), StringComparison.Ordinal);

        var resolvedDelivery = await PagerdutyAsync(admin, name, secret, "incident.resolved", pagerdutyId, key, "resolved", service, created);
        Assert.Contains($"It resolves {number}.", Text(resolvedDelivery["outcome"]), StringComparison.Ordinal);
        Assert.Equal("resolved", State(await GetAsync(admin, number)));

        await PagerdutyAsync(admin, name, secret, "incident.reopened", pagerdutyId, key, "triggered", service, created);
        var reopened = await GetAsync(admin, number);
        Assert.Equal("in-progress", State(reopened));
        Assert.Equal("reopened", Kinds(reopened)[^1]);

        // Once that is resolved, a new PagerDuty incident with the same incident key is another incident: PagerDuty's id is the key.
        await PagerdutyAsync(admin, name, secret, "incident.resolved", pagerdutyId, key, "resolved", service, created);
        await PagerdutyAsync(admin, name, secret, "incident.triggered", otherId, key, "triggered", service, Now());
        Assert.Equal(2, (await ListAsync(admin, $"service={service}")).Count);
    }

    [Fact]
    public async Task A_cdevents_incident_detected_reported_and_resolved_is_one_alert_and_one_incident_although_each_event_carries_its_own_time()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("cde");
        var (_, secret) = await Webhooks.CreateIntegrationAsync(admin, "cdevents", name);
        var (service, _) = await Webhooks.CreateProductionServiceAsync(admin);
        var incidentId = Json.Unique("incident");

        var detected = await CdeventAsync(admin, name, secret, "incident_detected.json", incidentId, service, Now().AddMinutes(-5));
        var again = await CdeventAsync(admin, name, secret, "incident_reported.json", incidentId, service, Now().AddMinutes(-4));
        var resolved = await CdeventAsync(admin, name, secret, "incident_resolved.json", incidentId, service, Now());

        var incident = Assert.Single(await ListAsync(admin, $"service={service}"))!;
        var number = Text(incident["number"]);
        Assert.Contains("It opens an incident.", Text(detected["outcome"]), StringComparison.Ordinal);
        Assert.EndsWith(": firing.", Text(again["outcome"]), StringComparison.Ordinal);
        Assert.Contains($"It resolves {number}.", Text(resolved["outcome"]), StringComparison.Ordinal);
        Assert.Equal(("resolved", "Response time above threshold of 100ms"), (Text(incident["state"]), Text(incident["title"])));
        var detail = await GetAsync(admin, number);
        Assert.Equal(["opened", "resolved"], Kinds(detail));
        Assert.Single(detail["alerts"]!.AsArray());
    }

    /// <summary>A CDEvent of the corpus about <paramref name="incidentId"/> on the service at a time, in binary mode, signed with Guardrail's scheme.</summary>
    private async Task<JsonNode> CdeventAsync(HttpClient admin, string name, string secret, string corpusFile, string incidentId, string service, DateTime at)
    {
        var cdevent = JsonNode.Parse(Corpus.Bytes($"cdevents/v0.4.1/conformance/{corpusFile}"))!;
        cdevent["context"]!["id"] = Guid.NewGuid().ToString();
        cdevent["context"]!["timestamp"] = at.ToString("O");
        cdevent["subject"]!["id"] = incidentId;
        cdevent["subject"]!["content"]!["service"]!["id"] = service;
        var body = Webhooks.Bytes(cdevent);
        var request = Webhooks.Raw($"/hooks/cdevents/{name}", body);
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", cdevent["context"]!["id"]!.GetValue<string>());
        request.Headers.Add("ce-source", cdevent["context"]!["source"]!.GetValue<string>());
        request.Headers.Add("ce-type", cdevent["context"]!["type"]!.GetValue<string>());
        request.Headers.Add("X-Guardrail-Signature", "sha256=" + Webhooks.Hmac(secret, body));
        return await Webhooks.ProcessedAsync(admin, await (await app.CreateClient().SendAsync(request)).AcceptedIdAsync());
    }

    private DateTime Now() => app.Clock.GetUtcNow().UtcDateTime is var now ? now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)) : default;

    private static string Fingerprint() => Guid.NewGuid().ToString("N")[..16];

    private static async Task<(string Name, string Token)> AlertmanagerAsync(HttpClient admin)
    {
        var name = Json.Unique("am");
        var (_, token) = await Webhooks.CreateIntegrationAsync(admin, "alertmanager", name);
        return (name, token);
    }

    /// <summary>A webhook notification of one group, as Alertmanager posts it with <c>http_config.authorization</c>; returns the processed delivery.</summary>
    private async Task<JsonNode> NotifyAsync(HttpClient admin, string name, string token, string service, string severity, AmAlert alert)
    {
        var labels = new JsonObject { ["alertname"] = "HighErrorRate", ["service"] = service, ["severity"] = severity, ["env"] = "production" };
        var body = new JsonObject
        {
            ["version"] = "4",
            ["groupKey"] = $"{{}}:{{alertname=\"HighErrorRate\", service=\"{service}\"}}",
            ["truncatedAlerts"] = 0,
            ["status"] = alert.Status,
            ["receiver"] = "guardrail",
            ["groupLabels"] = new JsonObject { ["alertname"] = "HighErrorRate", ["service"] = service },
            ["commonLabels"] = labels.DeepClone(),
            ["commonAnnotations"] = new JsonObject { ["summary"] = "Checkout 5xx above 2%" },
            ["externalURL"] = "http://alertmanager:9093",
            ["alerts"] = new JsonArray(new JsonObject
            {
                ["status"] = alert.Status,
                ["labels"] = labels,
                ["annotations"] = new JsonObject
                {
                    ["summary"] = "Checkout 5xx above 2%",
                    ["description"] = $"The 5xx rate is {alert.ErrorRate}.",
                    ["runbook_url"] = "https://runbooks.example.com/5xx",
                },
                ["startsAt"] = alert.StartsAt.ToString("O"),
                ["endsAt"] = (alert.EndsAt ?? DateTime.MinValue).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
                ["generatorURL"] = "http://prometheus:9090/graph?g0.expr=errors",
                ["fingerprint"] = alert.Fingerprint,
            }),
        };
        var request = Webhooks.Raw($"/hooks/alertmanager/{name}", Webhooks.Bytes(body));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Webhooks.ProcessedAsync(admin, await (await app.CreateClient().SendAsync(request)).AcceptedIdAsync());
    }

    /// <summary>A PagerDuty v3 webhook for an incident, signed <c>v1=</c>HMAC-SHA256 with the subscription's secret; returns the processed delivery.</summary>
    private async Task<JsonNode> PagerdutyAsync(
        HttpClient admin, string name, string secret, string eventType, string incidentId, string incidentKey, string status, string service, DateTime createdAt)
    {
        var body = Webhooks.Bytes(new JsonObject
        {
            ["event"] = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString("N")[..26].ToUpperInvariant(),
                ["event_type"] = eventType,
                ["resource_type"] = "incident",
                ["occurred_at"] = Now().ToString("O"),
                ["agent"] = new JsonObject { ["id"] = "PUSER01", ["summary"] = "Ana Responder", ["type"] = "user_reference" },
                ["client"] = null,
                ["data"] = new JsonObject
                {
                    ["id"] = incidentId,
                    ["type"] = "incident",
                    ["self"] = $"https://api.pagerduty.com/incidents/{incidentId}",
                    ["html_url"] = $"https://acme.pagerduty.com/incidents/{incidentId}",
                    ["number"] = 42,
                    ["status"] = status,
                    ["incident_key"] = incidentKey,
                    ["created_at"] = createdAt.ToString("O"),
                    ["title"] = "Checkout latency above SLO",
                    ["service"] = new JsonObject { ["id"] = "PSVC001", ["summary"] = service, ["self"] = "https://api.pagerduty.com/services/PSVC001", ["html_url"] = "https://acme.pagerduty.com/services/PSVC001", ["type"] = "service_reference" },
                    ["assignees"] = new JsonArray(),
                    ["escalation_policy"] = new JsonObject { ["id"] = "PESC001", ["summary"] = "Checkout on-call", ["type"] = "escalation_policy_reference" },
                    ["teams"] = new JsonArray(),
                    ["priority"] = new JsonObject { ["id"] = "PPRI002", ["summary"] = "P2", ["type"] = "priority_reference" },
                    ["urgency"] = "high",
                    ["conference_bridge"] = null,
                    ["resolve_reason"] = null,
                },
            },
        });
        var request = Webhooks.Raw($"/hooks/pagerduty/{name}", body);
        request.Headers.Add("X-Webhook-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-PagerDuty-Signature", $"v1={Webhooks.Hmac(secret, body)}");
        return await Webhooks.ProcessedAsync(admin, await (await app.CreateClient().SendAsync(request)).AcceptedIdAsync());
    }
}
