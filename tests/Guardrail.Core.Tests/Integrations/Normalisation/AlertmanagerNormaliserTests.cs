using System.Text.Json.Nodes;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Integrations.Normalisation.Alertmanager;
using static Guardrail.Core.Tests.Integrations.Normalisation.Deliveries;

namespace Guardrail.Core.Tests.Integrations.Normalisation;

public class AlertmanagerNormaliserTests
{
    private static readonly AlertmanagerNormaliser _normaliser = new();

    /// <summary>A group with one alert still firing and one resolved, as Alertmanager sends it (version 4).</summary>
    private const string Group = """
        {
          "version": "4",
          "groupKey": "{}/{team=\"payments\"}:{alertname=\"CheckoutErrorRate\"}",
          "truncatedAlerts": 0,
          "status": "firing",
          "receiver": "guardrail",
          "groupLabels": { "alertname": "CheckoutErrorRate" },
          "commonLabels": { "alertname": "CheckoutErrorRate", "team": "payments", "env": "production" },
          "commonAnnotations": { "runbook_url": "https://runbooks.acme.test/checkout-errors" },
          "externalURL": "http://alertmanager.acme.test:9093",
          "alerts": [
            {
              "status": "firing",
              "labels": {
                "alertname": "CheckoutErrorRate", "team": "payments", "env": "production",
                "severity": "critical", "service": "checkout", "job": "checkout-api", "instance": "10.0.3.7:8080"
              },
              "annotations": {
                "summary": "Checkout 5xx rate above 5% on 10.0.3.7:8080",
                "description": "The error ratio has stayed above 0.05 for 10 minutes.",
                "runbook_url": "https://runbooks.acme.test/checkout-errors"
              },
              "startsAt": "2026-03-02T09:14:05.482910273Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://prometheus.acme.test:9090/graph?g0.expr=checkout_error_ratio+%3E+0.05",
              "fingerprint": "8d3f7a21c0b9e456"
            },
            {
              "status": "resolved",
              "labels": {
                "alertname": "CheckoutErrorRate", "team": "payments", "env": "production",
                "severity": "warning", "app_kubernetes_io_name": "checkout-worker", "job": "checkout-worker", "instance": "10.0.3.9:8080"
              },
              "annotations": { "description": "The error ratio has stayed above 0.05 for 10 minutes." },
              "startsAt": "2026-03-02T08:40:00+01:00",
              "endsAt": "2026-03-02T09:12:30.5Z",
              "generatorURL": "",
              "fingerprint": "2c6e91d04ab7f318"
            }
          ]
        }
        """;

    private static Normalised Normalise(string json) => _normaliser.Normalise(Text(json));

    private static IReadOnlyList<AlertObserved> Alerts(string json) =>
        [.. Assert.IsType<Normalised.Events>(Normalise(json)).Items.Select(e => Assert.IsType<AlertObserved>(e))];

    private static string Edited(Action<JsonObject> edit)
    {
        var body = JsonNode.Parse(Group)!.AsObject();
        edit(body);
        return body.ToJsonString();
    }

    private static JsonObject FirstAlert(JsonObject body) => body["alerts"]![0]!.AsObject();

    [Fact]
    public void It_normalises_alertmanager() => Assert.Equal(IntegrationKind.Alertmanager, _normaliser.Kind);

    [Fact]
    public void Each_alert_of_the_group_is_an_alert()
    {
        var alerts = Alerts(Group);

        Assert.Equal(new[] { "8d3f7a21c0b9e456", "2c6e91d04ab7f318" }, alerts.Select(a => a.Fingerprint));
    }

    [Fact]
    public void A_firing_alert_keeps_its_labels_and_has_no_end()
    {
        var firing = Alerts(Group)[0];

        Assert.Equal(AlertState.Firing, firing.State);
        Assert.Equal("Checkout 5xx rate above 5% on 10.0.3.7:8080", firing.Title);
        Assert.Equal("critical", firing.Severity);
        Assert.Equal("checkout", firing.ServiceHint);
        Assert.Equal("production", firing.Environment);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 14, 5, TimeSpan.Zero).AddTicks(4_829_102), firing.StartsAt);
        Assert.Null(firing.EndsAt);
        Assert.Equal("http://prometheus.acme.test:9090/graph?g0.expr=checkout_error_ratio+%3E+0.05", firing.Url);
        Assert.Equal("10.0.3.7:8080", firing.Labels["instance"]);
        Assert.Equal("CheckoutErrorRate", firing.Labels["alertname"]);
        Assert.Equal("guardrail", firing.Labels["alertmanager.receiver"]);
        Assert.Equal("{}/{team=\"payments\"}:{alertname=\"CheckoutErrorRate\"}", firing.Labels["alertmanager.group_key"]);
        Assert.Equal(9, firing.Labels.Count);
    }

    [Fact]
    public void A_resolved_alert_ends_and_keeps_the_offset_it_was_sent_with()
    {
        var resolved = Alerts(Group)[1];

        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Equal("The error ratio has stayed above 0.05 for 10 minutes.", resolved.Title);
        Assert.Equal("warning", resolved.Severity);
        Assert.Equal("checkout-worker", resolved.ServiceHint);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 40, 0, TimeSpan.FromHours(1)), resolved.StartsAt);
        Assert.Equal(TimeSpan.FromHours(1), resolved.StartsAt.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 12, 30, 500, TimeSpan.Zero), resolved.EndsAt);
        Assert.Null(resolved.Url);
    }

    [Fact]
    public void A_resolved_alert_with_the_zero_end_time_has_no_end()
    {
        var body = Edited(b => b["alerts"]![1]!["endsAt"] = "0001-01-01T00:00:00Z");

        Assert.Null(Alerts(body)[1].EndsAt);
    }

    [Fact]
    public void Without_a_fingerprint_the_alert_gets_the_one_alertmanager_computes_from_its_labels()
    {
        // prometheus/common model/signature_test.go: this label set's fingerprint is 5799056148416392346 (0x507a62d79ee76c9a).
        var body = Edited(b =>
        {
            FirstAlert(b).Remove("fingerprint");
            FirstAlert(b)["labels"] = new JsonObject { ["name"] = "garland, briggs", ["fear"] = "love is not enough" };
        });

        var alert = Alerts(body)[0];

        Assert.Equal("507a62d79ee76c9a", alert.Fingerprint);
        Assert.Equal("Checkout 5xx rate above 5% on 10.0.3.7:8080", alert.Title);
    }

    [Fact]
    public void The_computed_fingerprint_does_not_depend_on_label_order()
    {
        var forward = AlertmanagerNormaliser.Fingerprint(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["ü"] = "ß" });
        var backward = AlertmanagerNormaliser.Fingerprint(new Dictionary<string, string> { ["ü"] = "ß", ["b"] = "2", ["a"] = "1" });

        Assert.Equal(forward, backward);
        Assert.Matches("^[0-9a-f]{16}$", forward);
        // The empty label set hashes to FNV-1a's offset basis, as in Prometheus.
        Assert.Equal("cbf29ce484222325", AlertmanagerNormaliser.Fingerprint(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("""{"service": "checkout", "app": "web", "app_kubernetes_io_name": "shop", "job": "api"}""", "checkout")]
    [InlineData("""{"app": "web", "app_kubernetes_io_name": "shop", "job": "api"}""", "web")]
    [InlineData("""{"app_kubernetes_io_name": "shop", "job": "api"}""", "shop")]
    [InlineData("""{"job": "api"}""", "api")]
    [InlineData("""{"service": "", "job": "api"}""", "api")]
    [InlineData("""{"instance": "10.0.3.7:8080"}""", null)]
    public void The_service_hint_comes_from_service_then_app_then_job(string labels, string? serviceHint)
    {
        var body = Edited(b => FirstAlert(b)["labels"] = JsonNode.Parse(labels));

        Assert.Equal(serviceHint, Alerts(body)[0].ServiceHint);
    }

    [Theory]
    [InlineData("""{"env": "prod", "environment": "production"}""", "prod")]
    [InlineData("""{"environment": "staging"}""", "staging")]
    [InlineData("""{"alertname": "X"}""", null)]
    public void The_environment_comes_from_env_or_environment(string labels, string? environment)
    {
        var body = Edited(b => FirstAlert(b)["labels"] = JsonNode.Parse(labels));

        Assert.Equal(environment, Alerts(body)[0].Environment);
    }

    [Fact]
    public void Without_annotations_the_title_is_the_alert_name()
    {
        var body = Edited(b => FirstAlert(b).Remove("annotations"));

        Assert.Equal("CheckoutErrorRate", Alerts(body)[0].Title);
    }

    [Fact]
    public void A_notification_without_alerts_is_ignored() =>
        Assert.IsType<Normalised.Ignored>(Normalise(Edited(b => b["alerts"] = new JsonArray())));

    public static TheoryData<string, string> BrokenNotifications() => new()
    {
        { Edited(b => b["version"] = "3"), "version '3' is not supported" },
        { Edited(b => b["version"] = "4.1"), "version '4.1' is not supported" },
        { Edited(b => b.Remove("version")), "has no version" },
        { Edited(b => b.Remove("alerts")), "has no alerts array" },
        { Edited(b => b["alerts"]![0] = "firing"), "alerts[0] is not an object" },
        { Edited(b => FirstAlert(b).Remove("labels")), "alerts[0] has no labels" },
        { Edited(b => b["alerts"]![1]!["status"] = "pending"), "alerts[1] has status 'pending'" },
        { Edited(b => b["alerts"]![1]!.AsObject().Remove("startsAt")), "alerts[1].startsAt is missing" },
        { Edited(b => FirstAlert(b)["startsAt"] = "soon"), "alerts[0].startsAt is missing or not an ISO 8601 time" },
        { "{\"version\": \"4\", ", "The body is not JSON" },
        { "\"4\"", "The body is a JSON string, not an object." },
    };

    [Theory]
    [MemberData(nameof(BrokenNotifications))]
    public void A_notification_that_is_not_version_4_or_lacks_what_an_alert_needs_is_malformed(string body, string problem) =>
        Assert.Contains(problem, Assert.IsType<Normalised.Malformed>(Normalise(body)).Problem, StringComparison.Ordinal);
}
