using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Integrations.Normalisation.Cdevents;
using Guardrail.Server.Tests.Support;
using static Guardrail.Core.Tests.Integrations.Normalisation.Deliveries;

namespace Guardrail.Core.Tests.Integrations.Normalisation;

public class CdeventsNormaliserTests
{
    private static readonly CdeventsNormaliser _normaliser = new();

    private static readonly DateTimeOffset _serviceTime = new DateTimeOffset(2023, 3, 20, 14, 27, 5, TimeSpan.Zero).AddTicks(3_153_840);
    private static readonly DateTimeOffset _incidentTime = new(2022, 11, 11, 13, 52, 20, 79, TimeSpan.Zero);

    public static TheoryData<string> ConformanceExamples()
    {
        var data = new TheoryData<string>();
        foreach (var version in new[] { "v0.4.1", "v0.5.1" })
        {
            var folder = $"cdevents/{version}/conformance";
            foreach (var file in Directory.EnumerateFiles(Corpus.PathOf(folder), "*.json").Order(StringComparer.Ordinal))
                data.Add($"{folder}/{Path.GetFileName(file)}");
        }
        return data;
    }

    private static string PathOf(string version, string example) => $"cdevents/{version}/conformance/{example}.json";

    private static Normalised Normalise(byte[] body, string eventType = "") => _normaliser.Normalise(Body(body, eventType));

    private static Normalised Example(string version, string example) => Normalise(Corpus.Bytes(PathOf(version, example)));

    private static byte[] Edited(string version, string example, Action<JsonObject> edit)
    {
        var cdevent = JsonNode.Parse(Corpus.Bytes(PathOf(version, example)))!.AsObject();
        edit(cdevent);
        return Encoding.UTF8.GetBytes(cdevent.ToJsonString());
    }

    private static string Malformed(Normalised result) => Assert.IsType<Normalised.Malformed>(result).Problem;

    [Fact]
    public void It_normalises_cdevents() => Assert.Equal(IntegrationKind.Cdevents, _normaliser.Kind);

    [Fact]
    public void Both_spec_versions_have_their_conformance_examples() => Assert.Equal(90, ConformanceExamples().Count);

    [Theory]
    [MemberData(nameof(ConformanceExamples))]
    public void Every_conformance_example_gives_its_event_or_is_ignored(string path)
    {
        var result = Normalise(Corpus.Bytes(path));

        var example = Path.GetFileNameWithoutExtension(path);
        switch (example.Split('_'))
        {
            case ["service", "deployed" or "upgraded" or "rolledback" or "removed"]:
                Single<DeploymentObserved>(result);
                break;
            case ["pipelinerun", _]:
                Single<PipelineRunObserved>(result);
                break;
            case ["change", var action]:
                var change = Single<WorkItemObserved>(result);
                Assert.Equal(("change", action), (change.Kind, change.Action));
                break;
            case ["incident", _]:
                Single<AlertObserved>(result);
                break;
            case ["ticket", var action]:
                var ticket = Single<WorkItemObserved>(result);
                Assert.Equal(("ticket", action), (ticket.Kind, ticket.Action));
                break;
            case [var subject, var predicate]:
                var ignored = Assert.IsType<Normalised.Ignored>(result);
                Assert.Contains($"{subject}.{predicate}", ignored.Reason, StringComparison.Ordinal);
                break;
            default:
                Assert.Fail("Unexpected example name " + example);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(ConformanceExamples))]
    public void Binary_structured_and_bare_deliveries_of_an_example_give_the_same_result(string path)
    {
        var body = Corpus.Bytes(path);
        var context = JsonNode.Parse(body)!["context"]!;
        var type = (string)context["type"]!;

        var binary = new RawDelivery(type, new Dictionary<string, string>
        {
            ["ce-specversion"] = "1.0",
            ["ce-type"] = type,
            ["ce-id"] = (string)context["id"]!,
            ["ce-source"] = (string)context["source"]!,
            ["ce-time"] = (string)context["timestamp"]!,
            ["content-type"] = "application/json; charset=utf-8",
        }, body);
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = (string)context["id"]!,
            ["source"] = (string)context["source"]!,
            ["type"] = type,
            ["time"] = (string)context["timestamp"]!,
            ["datacontenttype"] = "application/json",
            ["data"] = JsonNode.Parse(body),
        };
        var structured = new RawDelivery("", new Dictionary<string, string> { ["content-type"] = "application/cloudevents+json" },
            Encoding.UTF8.GetBytes(cloudEvent.ToJsonString()));

        var bare = Describe(Normalise(body));
        Assert.DoesNotContain("Malformed", bare, StringComparison.Ordinal);
        Assert.Equal(bare, Describe(_normaliser.Normalise(binary)));
        Assert.Equal(bare, Describe(_normaliser.Normalise(structured)));
    }

    [Theory]
    [InlineData("v0.4.1")]
    [InlineData("v0.5.1")]
    public void Service_deployed_is_a_successful_deployment_of_its_artifact_to_its_environment(string version)
    {
        var deployment = Single<DeploymentObserved>(Example(version, "service_deployed"));

        Assert.Equal("271069a8-fc18-44f1-b38f-9d70a1695819", deployment.ProviderDeploymentId);
        Assert.Equal("mySubject123", deployment.ServiceHint);
        Assert.Equal("test123", deployment.Environment);
        Assert.Equal("pkg:oci/myapp@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427", deployment.Artifact);
        Assert.Equal(DeploymentState.Succeeded, deployment.Status);
        Assert.Equal(_serviceTime, deployment.At);
        Assert.Equal(TimeSpan.Zero, deployment.At.Offset);
        Assert.Equal("4c8cb7dd-3448-41de-8768-eec704e2829b", deployment.CorrelationId);
        // An image digest is not a commit, and an OCI purl names no repository.
        Assert.Null(deployment.CommitSha);
        Assert.Null(deployment.Repository);
        Assert.Null(deployment.StartedAt);
    }

    [Theory]
    [InlineData("v0.4.1", "service_upgraded", DeploymentState.Succeeded)]
    [InlineData("v0.5.1", "service_upgraded", DeploymentState.Succeeded)]
    [InlineData("v0.4.1", "service_rolledback", DeploymentState.RolledBack)]
    [InlineData("v0.5.1", "service_rolledback", DeploymentState.RolledBack)]
    [InlineData("v0.4.1", "service_removed", DeploymentState.Removed)]
    [InlineData("v0.5.1", "service_removed", DeploymentState.Removed)]
    public void Other_service_events_are_deployments_with_their_own_status(string version, string example, DeploymentState status)
    {
        var deployment = Single<DeploymentObserved>(Example(version, example));

        Assert.Equal(status, deployment.Status);
        Assert.Equal("test123", deployment.Environment);
        Assert.Equal("mySubject123", deployment.ServiceHint);
        Assert.Equal(_serviceTime, deployment.At);
        if (status == DeploymentState.Removed)
            Assert.Null(deployment.Artifact);
        else
            Assert.StartsWith("pkg:oci/myapp@sha256", deployment.Artifact, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pkg:github/acme/checkout@4f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39", "acme/checkout", "4f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39")]
    [InlineData("pkg:gitlab/acme/payments/ledger@4F1C2A9E8B7D6C5F4E3D2C1B0A9F8E7D6C5B4A39", "acme/payments/ledger", "4f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39")]
    [InlineData("pkg:github/acme/checkout@v1.4.2", "acme/checkout", null)]
    [InlineData("pkg:github/acme/checkout@4f1c2a9", "acme/checkout", null)]
    [InlineData("pkg:oci/checkout@sha256%3A0b31b1c0?repository_url=ghcr.io%2Facme%2Fcheckout&vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Facme%2Fcheckout.git%404f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39", null, "4f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39")]
    [InlineData("pkg:oci/checkout@sha256%3A0b31b1c0?vcs_url=git%2Bssh%3A%2F%2Fgit%40github.com%2Facme%2Fcheckout.git", null, null)]
    [InlineData("pkg:maven/org.acme/checkout@4f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39", null, null)]
    [InlineData("checkout:1.4.2", null, null)]
    public void The_artifact_purl_gives_a_repository_and_commit_only_when_it_states_them(string purl, string? repository, string? commit)
    {
        var body = Edited("v0.5.1", "service_deployed", e => e["subject"]!["content"]!["artifactId"] = purl);

        var deployment = Single<DeploymentObserved>(Normalise(body));

        Assert.Equal(purl, deployment.Artifact);
        Assert.Equal(repository, deployment.Repository);
        Assert.Equal(commit, deployment.CommitSha);
    }

    [Theory]
    [InlineData("v0.4.1")]
    [InlineData("v0.5.1")]
    public void Pipeline_runs_are_keyed_by_their_subject_through_queued_started_and_finished(string version)
    {
        var queued = Single<PipelineRunObserved>(Example(version, "pipelinerun_queued"));
        var started = Single<PipelineRunObserved>(Example(version, "pipelinerun_started"));
        var finished = Single<PipelineRunObserved>(Example(version, "pipelinerun_finished"));

        Assert.All(new[] { queued, started, finished }, run =>
        {
            Assert.Equal("mySubject123", run.ProviderRunId);
            Assert.Equal("myPipeline", run.Name);
            Assert.Equal("https://www.example.com/mySubject123", run.Url);
            Assert.Equal("4c8cb7dd-3448-41de-8768-eec704e2829b", run.CorrelationId);
        });
        Assert.Equal(PipelineRunState.Queued, queued.Status);
        Assert.Null(queued.StartedAt);
        Assert.Null(queued.FinishedAt);
        Assert.Equal(PipelineRunState.Running, started.Status);
        Assert.Equal(_serviceTime, started.StartedAt);
        Assert.Null(started.FinishedAt);
        // The example's outcome is "failure".
        Assert.Equal(PipelineRunState.Failed, finished.Status);
        Assert.Null(finished.StartedAt);
        Assert.Equal(_serviceTime, finished.FinishedAt);
    }

    [Theory]
    [InlineData("success", PipelineRunState.Succeeded)]
    [InlineData("failure", PipelineRunState.Failed)]
    [InlineData("error", PipelineRunState.Failed)]
    [InlineData("cancel", PipelineRunState.Cancelled)]
    public void A_finished_runs_outcome_gives_its_state(string outcome, PipelineRunState state)
    {
        var body = Edited("v0.5.1", "pipelinerun_finished", e => e["subject"]!["content"]!["outcome"] = outcome);

        Assert.Equal(state, Single<PipelineRunObserved>(Normalise(body)).Status);
    }

    [Fact]
    public void A_finished_run_without_an_outcome_is_ignored_rather_than_guessed()
    {
        var body = Edited("v0.5.1", "pipelinerun_finished", e => e["subject"]!["content"]!.AsObject().Remove("outcome"));

        Assert.Contains("no outcome", Assert.IsType<Normalised.Ignored>(Normalise(body)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_finished_run_with_an_unknown_outcome_is_malformed()
    {
        var body = Edited("v0.5.1", "pipelinerun_finished", e => e["subject"]!["content"]!["outcome"] = "aborted");

        Assert.Contains("'aborted'", Malformed(Normalise(body)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v0.4.1")]
    [InlineData("v0.5.1")]
    public void Change_events_are_change_work_items_of_their_repository(string version)
    {
        var created = Single<WorkItemObserved>(Example(version, "change_created"));
        var merged = Single<WorkItemObserved>(Example(version, "change_merged"));

        Assert.Equal(new WorkItemObserved("change", "created", "mySubject123", "TestRepo/TestOrg",
            "This PR address a bug from a recent PR", null, _serviceTime), created);
        Assert.Equal(new WorkItemObserved("change", "merged", "mySubject123", "TestRepo/TestOrg", null, null, _serviceTime), merged);
    }

    [Theory]
    [InlineData("v0.4.1")]
    [InlineData("v0.5.1")]
    public void Ticket_events_are_ticket_work_items(string version)
    {
        foreach (var action in new[] { "created", "updated", "closed" })
        {
            Assert.Equal(
                new WorkItemObserved("ticket", action, "ticket-123", null, "New CVE-123 detected", "https://example.issues.com/ticket123", _incidentTime),
                Single<WorkItemObserved>(Example(version, "ticket_" + action)));
        }
    }

    [Theory]
    [InlineData("v0.4.1")]
    [InlineData("v0.5.1")]
    public void A_detected_incident_is_a_firing_alert_on_its_service_and_environment(string version)
    {
        var alert = Single<AlertObserved>(Example(version, "incident_detected"));

        Assert.Equal("incident-123", alert.Fingerprint);
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Equal("Response time above threshold of 100ms", alert.Title);
        Assert.Equal("myApp", alert.ServiceHint);
        Assert.Equal("prod1", alert.Environment);
        Assert.Equal(_incidentTime, alert.StartsAt);
        Assert.Null(alert.EndsAt);
        Assert.Null(alert.Url);
        Assert.Null(alert.Severity);
        Assert.Equal("dev.cdevents.incident.detected." + (version == "v0.4.1" ? "0.2.0" : "0.3.0"), alert.Labels["cdevents.type"]);
        Assert.Equal("/monitoring/prod1", alert.Labels["cdevents.source"]);
        Assert.Equal("/iaas/geo1", alert.Labels["environment.source"]);
        Assert.Equal("/clusterA/namespaceB", alert.Labels["service.source"]);
        Assert.Equal("pkg:oci/myapp@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427", alert.Labels["artifactId"]);
        Assert.Equal("responseTime", alert.Labels["customData.metric"]);
        Assert.Equal("100ms", alert.Labels["customData.threshold"]);
        Assert.Equal("200ms", alert.Labels["customData.value"]);
    }

    [Theory]
    [InlineData("v0.4.1")]
    [InlineData("v0.5.1")]
    public void A_reported_incident_links_its_ticket_and_a_resolved_one_ends_the_alert(string version)
    {
        var reported = Single<AlertObserved>(Example(version, "incident_reported"));
        var resolved = Single<AlertObserved>(Example(version, "incident_resolved"));

        Assert.Equal((AlertState.Firing, "https://my-issues.example/incidents/ticket-345"), (reported.State, reported.Url));
        Assert.Equal("incident-123", resolved.Fingerprint);
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Equal("Response time restored below 100ms", resolved.Title);
        Assert.Equal(_incidentTime, resolved.EndsAt);
        Assert.Equal(("myApp", "prod1"), (resolved.ServiceHint, resolved.Environment));
    }

    [Fact]
    public void Unused_types_are_ignored_with_their_name()
    {
        var ignored = Assert.IsType<Normalised.Ignored>(Example("v0.5.1", "service_published"));

        Assert.Equal("CDEvents service.published events are not used by Guardrail.", ignored.Reason);
    }

    [Theory]
    [InlineData("{\"context\": ")]
    [InlineData("not json")]
    [InlineData("")]
    public void A_body_that_is_not_json_is_malformed(string body) =>
        Assert.StartsWith("The body is not JSON", Malformed(_normaliser.Normalise(Text(body))), StringComparison.Ordinal);

    [Fact]
    public void A_json_array_is_malformed() =>
        Assert.Equal("The body is a JSON array, not an object.", Malformed(_normaliser.Normalise(Text("[]"))));

    [Fact]
    public void A_body_that_is_neither_a_cdevent_nor_a_cloudevent_is_malformed() =>
        Assert.StartsWith("The body is neither a CDEvent", Malformed(_normaliser.Normalise(Text("""{"subject": {"id": "x"}}"""))), StringComparison.Ordinal);

    public static TheoryData<string, string, Action<JsonObject>> BrokenEvents() => new()
    {
        { "service_deployed", "has no context.type", e => e["context"]!.AsObject().Remove("type") },
        { "service_deployed", "context is not an object", e => e["context"] = "dev.cdevents.service.deployed.0.3.0" },
        { "service_deployed", "has no subject.", e => e.Remove("subject") },
        { "service_deployed", "has no subject.id", e => e["subject"]!.AsObject().Remove("id") },
        { "service_deployed", "has no subject.content", e => e["subject"]!.AsObject().Remove("content") },
        { "service_deployed", "has no context.id", e => e["context"]!.AsObject().Remove("id") },
        { "service_deployed", "context.timestamp is missing or not an ISO 8601 time", e => e["context"]!["timestamp"] = "yesterday" },
        { "service_deployed", "spec version '0.3.0' is not supported", e => e["context"]!["specversion"] = "0.3.0" },
        { "service_deployed", "spec version '0.6.0-draft' is not supported", e => e["context"]!["specversion"] = "0.6.0-draft" },
        { "service_deployed", "neither specversion (0.5) nor version (0.4)", e => e["context"]!.AsObject().Remove("specversion") },
        { "service_deployed", "is not a CDEvents type", e => e["context"]!["type"] = "com.example.deployed" },
        { "service_deployed", "is not a CDEvents type", e => e["context"]!["type"] = "dev.cdevents.service.deployed" },
        { "service_deployed", "has no subject.content.environment.id", e => e["subject"]!["content"]!.AsObject().Remove("environment") },
        // Unknown spec versions are malformed even for types Guardrail ignores.
        { "build_started", "spec version '0.3.0' is not supported", e => e["context"]!["specversion"] = "0.3.0" },
    };

    [Theory]
    [MemberData(nameof(BrokenEvents))]
    public void A_cdevent_missing_what_its_type_needs_is_malformed(string example, string problem, Action<JsonObject> edit) =>
        Assert.Contains(problem, Malformed(Normalise(Edited("v0.5.1", example, edit))), StringComparison.Ordinal);

    [Fact]
    public void A_04_event_with_an_unknown_version_is_malformed()
    {
        var body = Edited("v0.4.1", "service_deployed", e => e["context"]!["version"] = "0.3.0");

        Assert.Contains("'0.3.0'", Malformed(Normalise(body)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_delivery_whose_ce_type_differs_from_the_cdevent_is_malformed()
    {
        var body = Corpus.Bytes(PathOf("v0.5.1", "service_deployed"));

        var problem = Malformed(Normalise(body, "dev.cdevents.service.rolledback.0.3.0"));

        Assert.Equal("The CloudEvent type 'dev.cdevents.service.rolledback.0.3.0' differs from the CDEvent's context.type 'dev.cdevents.service.deployed.0.3.0'.", problem);
    }

    [Fact]
    public void A_binary_delivery_of_another_cloudevents_version_is_malformed()
    {
        var delivery = new RawDelivery("", new Dictionary<string, string> { ["ce-specversion"] = "0.3" }, Corpus.Bytes(PathOf("v0.5.1", "service_deployed")));

        Assert.Contains("ce-specversion is '0.3'", Malformed(_normaliser.Normalise(delivery)), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BrokenStructuredEvents() => new()
    {
        { """{"specversion": "0.3", "type": "dev.cdevents.service.deployed.0.3.0", "data": {}}""", "specversion '0.3'" },
        { """{"specversion": "1.0", "data": {}}""", "has no type" },
        { """{"specversion": "1.0", "type": "dev.cdevents.service.deployed.0.3.0"}""", "no JSON object under data" },
        { """{"specversion": "1.0", "type": "dev.cdevents.service.deployed.0.3.0", "data": "{}"}""", "no JSON object under data" },
        { """{"specversion": "1.0", "type": "dev.cdevents.service.deployed.0.3.0", "data_base64": "e30="}""", "data_base64" },
        { """{"specversion": "1.0", "type": "dev.cdevents.service.deployed.0.3.0", "datacontenttype": "text/plain", "data": {}}""", "'text/plain'" },
        { """{"specversion": "1.0", "type": "dev.cdevents.service.deployed.0.3.0", "data": {"subject": {}}}""", "context is not an object" },
    };

    [Theory]
    [MemberData(nameof(BrokenStructuredEvents))]
    public void A_structured_cloudevent_without_a_json_cdevent_is_malformed(string body, string problem) =>
        Assert.Contains(problem, Malformed(_normaliser.Normalise(Text(body))), StringComparison.Ordinal);

    [Fact]
    public void A_structured_cloudevent_whose_type_differs_from_the_cdevent_is_malformed()
    {
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["type"] = "dev.cdevents.service.upgraded.0.3.0",
            ["datacontenttype"] = "application/json; charset=utf-8",
            ["data"] = JsonNode.Parse(Corpus.Bytes(PathOf("v0.5.1", "service_deployed"))),
        };

        Assert.Contains("differs from the CDEvent's context.type", Malformed(_normaliser.Normalise(Text(cloudEvent.ToJsonString()))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_cdevent_with_its_own_type_as_the_event_type_is_read()
    {
        var body = Corpus.Bytes(PathOf("v0.4.1", "service_rolledback"));
        var type = JsonDocument.Parse(body).RootElement.GetProperty("context").GetProperty("type").GetString()!;

        Assert.Equal(DeploymentState.RolledBack, Single<DeploymentObserved>(Normalise(body, type)).Status);
    }
}
