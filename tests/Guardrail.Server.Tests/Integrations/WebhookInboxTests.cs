using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Integrations;

/// <summary>Signed deliveries from each tool: stored once, answered at once, processed into records; anything unproven is refused.</summary>
public sealed class WebhookInboxTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task A_signed_github_deployment_status_is_accepted_once_and_becomes_a_production_deployment()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var (integration, secret) = await Webhooks.CreateIntegrationAsync(admin, "github", Json.Unique("gh"));
        var name = (await (await admin.GetAsync($"/api/v1/integrations/{integration}")).ReadJsonAsync())["name"]!.GetValue<string>();
        var repository = $"github.com/acme/{Json.Unique("shop")}";
        var (service, environment) = await Webhooks.CreateProductionServiceAsync(admin, repository);
        var body = Webhooks.Bytes(Webhooks.GithubPayload("github-webhooks/octokit-webhooks/deployment_status/payload.json", repository));
        var deliveryId = Guid.NewGuid().ToString();

        var first = await app.CreateClient().SendAsync(Webhooks.Github($"/hooks/github/{name}", secret, "deployment_status", body, deliveryId));
        var again = await app.CreateClient().SendAsync(Webhooks.Github($"/hooks/github/{name}", secret, "deployment_status", body, deliveryId));

        var stored = await first.AcceptedIdAsync();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("duplicate", (await again.ReadJsonAsync())["status"]!.GetValue<string>());
        var delivery = await Webhooks.ProcessedAsync(admin, stored);
        Assert.Equal("processed", delivery["status"]!.GetValue<string>());
        var replay = await admin.PostAsync($"/api/v1/deliveries/{stored}/replay", null);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal("delivery.not_replayable", (await replay.ReadJsonAsync())["code"]!.GetValue<string>());
        var listed = await (await admin.GetAsync($"/api/v1/deliveries?integration={integration}")).ReadJsonAsync();
        Assert.Single(listed["items"]!.AsArray());

        var deployments = await (await admin.GetAsync($"/api/v1/deployments?service={service}")).ReadJsonAsync();
        var deployment = Assert.Single(deployments["items"]!.AsArray())!;
        Assert.Equal("145988746", deployment["providerDeploymentId"]!.GetValue<string>());
        Assert.Equal("succeeded", deployment["status"]!.GetValue<string>());
        Assert.Equal(environment, (await (await admin.GetAsync($"/api/v1/environments/{deployment["environmentId"]}")).ReadJsonAsync())["key"]!.GetValue<string>());
        Assert.Equal("production", deployment["environmentTier"]!.GetValue<string>());
        Assert.Equal(new DateTime(2019, 5, 15, 15, 20, 55, DateTimeKind.Utc), deployment["deployedAt"]!.GetValue<DateTime>());
        Assert.Equal("f95f852bd8fca8fcc58a9a2d6c842781e32a215e", deployment["commitSha"]!.GetValue<string>());
        Assert.Equal("unknown", deployment["shippedSet"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tampered_body_a_missing_signature_and_an_unconfigured_integration_are_refused_and_nothing_is_stored()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("gh");
        var (integration, secret) = await Webhooks.CreateIntegrationAsync(admin, "github", name);
        var body = Corpus.Bytes("github-webhooks/octokit-webhooks/deployment_status/payload.json");
        var anonymous = app.CreateClient();

        var tampered = Webhooks.Github($"/hooks/github/{name}", secret, "deployment_status", body);
        tampered.Content = new ByteArrayContent([.. body, (byte)' ']) { Headers = { { "Content-Type", "application/json" } } };
        var unsigned = Webhooks.Raw($"/hooks/github/{name}", body);
        unsigned.Headers.Add("X-GitHub-Event", "deployment_status");
        unsigned.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        var wrongSecret = Webhooks.Github($"/hooks/github/{name}", secret + "x", "deployment_status", body);
        var unconfigured = Webhooks.Github($"/hooks/github/{Json.Unique("nobody")}", secret, "deployment_status", body);

        foreach (var (request, code) in new[] { (tampered, "hook.signature_invalid"), (unsigned, "hook.signature_invalid"), (wrongSecret, "hook.signature_invalid"), (unconfigured, "hook.not_configured") })
        {
            var response = await anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(code, (await response.ReadJsonAsync())["code"]!.GetValue<string>());
        }
        var unknownKind = await anonymous.SendAsync(Webhooks.Raw("/hooks/jira", body));
        Assert.Equal(HttpStatusCode.NotFound, unknownKind.StatusCode);
        Assert.Equal("hook.unknown_kind", (await unknownKind.ReadJsonAsync())["code"]!.GetValue<string>());

        var listed = await (await admin.GetAsync($"/api/v1/deliveries?integration={integration}")).ReadJsonAsync();
        Assert.Empty(listed["items"]!.AsArray());
    }

    [Fact]
    public async Task A_disabled_integration_refuses_deliveries_until_enabled_again()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("gh");
        var (integration, secret) = await Webhooks.CreateIntegrationAsync(admin, "github", name);
        var body = Corpus.Bytes("github-webhooks/octokit-webhooks/ping/payload.json");

        var disabled = await admin.PatchAsJsonAsync($"/api/v1/integrations/{integration}", new UpdateIntegrationRequest(null, false, null, 1));
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        var refused = await app.CreateClient().SendAsync(Webhooks.Github($"/hooks/github/{name}", secret, "ping", body));
        await admin.PatchAsJsonAsync($"/api/v1/integrations/{integration}", new UpdateIntegrationRequest(null, true, null, 2));
        var accepted = await app.CreateClient().SendAsync(Webhooks.Github($"/hooks/github/{name}", secret, "ping", body));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var ping = await Webhooks.ProcessedAsync(admin, await accepted.AcceptedIdAsync());
        Assert.Equal("ignored", ping["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_secret_is_shown_once_kept_out_of_the_audit_trail_and_rotation_invalidates_the_old_one()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("gh");
        var (integration, secret) = await Webhooks.CreateIntegrationAsync(admin, "github", name);
        var body = Corpus.Bytes("github-webhooks/octokit-webhooks/ping/payload.json");

        var shown = await (await admin.GetAsync($"/api/v1/integrations/{integration}")).Content.ReadAsStringAsync();
        var audit = await (await admin.GetAsync("/api/v1/audit?recordType=integration&limit=500")).Content.ReadAsStringAsync();
        var rotated = await (await admin.PostAsJsonAsync($"/api/v1/integrations/{integration}/secret", new RotateSecretRequest(null, 1))).ReadJsonAsync();
        var newSecret = rotated["secret"]!.GetValue<string>();
        var withOld = await app.CreateClient().SendAsync(Webhooks.Github($"/hooks/github/{name}", secret, "ping", body));
        var withNew = await app.CreateClient().SendAsync(Webhooks.Github($"/hooks/github/{name}", newSecret, "ping", body));

        Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        Assert.Contains(secret[^4..], shown, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
        Assert.NotEqual(secret, newSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, withNew.StatusCode);
    }

    [Fact]
    public async Task A_signed_body_that_is_not_json_goes_to_the_dead_letter_list_and_can_be_replayed()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("gh");
        var (integration, secret) = await Webhooks.CreateIntegrationAsync(admin, "github", name);
        var broken = Encoding.UTF8.GetBytes("{\"action\": \"created\", \"deployment_status\": ");
        var ping = Corpus.Bytes("github-webhooks/octokit-webhooks/ping/payload.json");

        var dead = await Webhooks.ProcessedAsync(admin,
            await (await app.CreateClient().SendAsync(Webhooks.Github($"/hooks/github/{name}", secret, "deployment_status", broken))).AcceptedIdAsync());
        var deadLetters = await (await admin.GetAsync($"/api/v1/deliveries?integration={integration}&status=dead")).ReadJsonAsync();
        var replayed = await admin.PostAsync($"/api/v1/deliveries/{dead["id"]}/replay", null);
        var deadAgain = await Webhooks.ProcessedAsync(admin, dead["id"]!.GetValue<long>());
        var ignored = await Webhooks.ProcessedAsync(admin,
            await (await app.CreateClient().SendAsync(Webhooks.Github($"/hooks/github/{name}", secret, "ping", ping))).AcceptedIdAsync());
        var replayIgnored = await admin.PostAsync($"/api/v1/deliveries/{ignored["id"]}/replay", null);

        Assert.Equal("dead", dead["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(dead["lastError"]!.GetValue<string>()));
        Assert.Single(deadLetters["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal("dead", deadAgain["status"]!.GetValue<string>());
        Assert.Equal(2, deadAgain["attempts"]!.GetValue<int>());
        Assert.Equal("ignored", ignored["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, replayIgnored.StatusCode);
    }

    [Fact]
    public async Task Pagerduty_accepts_any_of_several_v1_signatures_and_records_the_incident_as_an_alert()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("pd");
        var (_, secret) = await Webhooks.CreateIntegrationAsync(admin, "pagerduty", name, secret: "pd-subscription-secret-" + Guid.NewGuid().ToString("N"));
        var body = Encoding.UTF8.GetBytes("""
            {"event":{"id":"01DEN6W7G8AZ4N4N5ZLUHOLPQJ","event_type":"incident.triggered","resource_type":"incident","occurred_at":"2026-11-20T10:00:00.000Z",
             "agent":null,"client":null,"data":{"id":"PGR0VU2","type":"incident","self":"https://api.pagerduty.com/incidents/PGR0VU2",
             "html_url":"https://acme.pagerduty.com/incidents/PGR0VU2","number":2,"status":"triggered","incident_key":"checkout-latency",
             "created_at":"2026-11-20T10:00:00Z","title":"Checkout latency above SLO","service":{"id":"PF9KMXH","summary":"checkout","type":"service_reference"},
             "assignees":[],"escalation_policy":null,"teams":[],"priority":null,"urgency":"high","conference_bridge":null,"resolve_reason":null}}}
            """);
        var request = Webhooks.Raw($"/hooks/pagerduty/{name}", body);
        request.Headers.Add("X-Webhook-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-PagerDuty-Signature", $"v1={Webhooks.Hmac("an-old-secret-being-rotated", body)},v1={Webhooks.Hmac(secret, body)}");
        var forged = Webhooks.Raw($"/hooks/pagerduty/{name}", body);
        forged.Headers.Add("X-Webhook-Id", Guid.NewGuid().ToString());
        forged.Headers.Add("X-PagerDuty-Signature", $"v1={Webhooks.Hmac("an-old-secret-being-rotated", body)}");

        var delivery = await Webhooks.ProcessedAsync(admin, await (await app.CreateClient().SendAsync(request)).AcceptedIdAsync());
        var refused = await app.CreateClient().SendAsync(forged);

        Assert.Equal("processed", delivery["status"]!.GetValue<string>());
        Assert.Equal("incident.triggered", delivery["eventType"]!.GetValue<string>());
        Assert.Contains("checkout-latency", delivery["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Alertmanager_needs_its_bearer_token_and_the_token_is_never_stored()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("am");
        var (_, token) = await Webhooks.CreateIntegrationAsync(admin, "alertmanager", name);
        var body = Encoding.UTF8.GetBytes("""
            {"version":"4","groupKey":"{}:{alertname=\"HighErrorRate\"}","truncatedAlerts":0,"status":"firing","receiver":"guardrail",
             "groupLabels":{"alertname":"HighErrorRate"},"commonLabels":{"alertname":"HighErrorRate","service":"checkout","severity":"critical"},
             "commonAnnotations":{"summary":"Checkout 5xx above 2%"},"externalURL":"http://alertmanager:9093",
             "alerts":[{"status":"firing","labels":{"alertname":"HighErrorRate","service":"checkout","severity":"critical"},
               "annotations":{"summary":"Checkout 5xx above 2%"},"startsAt":"2026-11-20T10:00:00Z","endsAt":"0001-01-01T00:00:00Z",
               "generatorURL":"http://prometheus:9090/graph","fingerprint":"c6a1f3e2b4d5a697"}]}
            """);
        var withToken = Webhooks.Raw($"/hooks/alertmanager/{name}", body);
        withToken.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var withoutToken = Webhooks.Raw($"/hooks/alertmanager/{name}", body);

        var stored = await (await app.CreateClient().SendAsync(withToken)).AcceptedIdAsync();
        var refused = await app.CreateClient().SendAsync(withoutToken);
        var delivery = await Webhooks.ProcessedAsync(admin, stored);
        var detail = await (await admin.GetAsync($"/api/v1/deliveries/{stored}")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("processed", delivery["status"]!.GetValue<string>());
        Assert.Contains("c6a1f3e2b4d5a697", delivery["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("authorization", detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_cdevents_service_deployed_in_binary_mode_signed_by_guardrails_scheme_becomes_a_deployment()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var name = Json.Unique("cde");
        var (_, secret) = await Webhooks.CreateIntegrationAsync(admin, "cdevents", name);
        var cdevent = JsonNode.Parse(Corpus.Bytes("cdevents/v0.4.1/conformance/service_deployed.json"))!;
        var serviceHint = cdevent["subject"]!["id"]!.GetValue<string>();
        var toolEnvironment = cdevent["subject"]!["content"]!["environment"]!["id"]!.GetValue<string>();
        var (service, _) = await Webhooks.CreateProductionServiceAsync(admin);
        var rule = await admin.PostAsJsonAsync("/api/v1/deployments/mapping-rules", new MappingRuleRequest(null, serviceHint, null, service, null));
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        cdevent["context"]!["id"] = Guid.NewGuid().ToString();
        var body = Webhooks.Bytes(cdevent);
        var request = Webhooks.Raw($"/hooks/cdevents/{name}", body);
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", cdevent["context"]!["id"]!.GetValue<string>());
        request.Headers.Add("ce-source", cdevent["context"]!["source"]!.GetValue<string>());
        request.Headers.Add("ce-type", cdevent["context"]!["type"]!.GetValue<string>());
        request.Headers.Add("X-Guardrail-Signature", "sha256=" + Webhooks.Hmac(secret, body));

        var delivery = await Webhooks.ProcessedAsync(admin, await (await app.CreateClient().SendAsync(request)).AcceptedIdAsync());
        var deployments = await (await admin.GetAsync($"/api/v1/deployments?service={service}")).ReadJsonAsync();

        Assert.Equal("processed", delivery["status"]!.GetValue<string>());
        var deployment = Assert.Single(deployments["items"]!.AsArray())!;
        Assert.Equal("succeeded", deployment["status"]!.GetValue<string>());
        Assert.Equal(toolEnvironment, deployment["environmentName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Gitlab_deliveries_prove_themselves_with_the_token_or_with_a_fresh_standard_webhooks_signature()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var plain = Json.Unique("gl");
        var signed = Json.Unique("gls");
        var (_, token) = await Webhooks.CreateIntegrationAsync(admin, "gitlab", plain);
        var (_, signingSecret) = await Webhooks.CreateIntegrationAsync(admin, "gitlab", signed, signed: true);
        var body = Corpus.Bytes("gitlab-webhooks/drone-go-scm/push_merge.json");

        HttpRequestMessage WithToken(string presented)
        {
            var request = Webhooks.Raw($"/hooks/gitlab/{plain}", body);
            request.Headers.Add("X-Gitlab-Event", "Push Hook");
            request.Headers.Add("X-Gitlab-Webhook-UUID", Guid.NewGuid().ToString());
            request.Headers.Add("X-Gitlab-Token", presented);
            return request;
        }
        HttpRequestMessage Signed(DateTimeOffset sentAt)
        {
            var id = "msg_" + Guid.NewGuid().ToString("N");
            var timestamp = sentAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var key = Convert.FromBase64String(signingSecret["whsec_".Length..]);
            var signature = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body]));
            var request = Webhooks.Raw($"/hooks/gitlab/{signed}", body);
            request.Headers.Add("X-Gitlab-Event", "Push Hook");
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", timestamp);
            request.Headers.Add("webhook-signature", $"v1,{signature}");
            return request;
        }

        var accepted = await app.CreateClient().SendAsync(WithToken(token));
        var wrongToken = await app.CreateClient().SendAsync(WithToken(token[..^1] + (token[^1] == 'a' ? 'b' : 'a')));
        var freshlySigned = await app.CreateClient().SendAsync(Signed(TimeProvider.System.GetUtcNow()));
        var replayedLater = await app.CreateClient().SendAsync(Signed(TimeProvider.System.GetUtcNow().AddMinutes(-10)));
        var push = await Webhooks.ProcessedAsync(admin, await accepted.AcceptedIdAsync());
        var detail = await (await admin.GetAsync($"/api/v1/deliveries/{push["id"]}")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, freshlySigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayedLater.StatusCode);
        Assert.Equal("processed", push["status"]!.GetValue<string>());
        Assert.Equal("Push Hook", push["eventType"]!.GetValue<string>());
        Assert.Contains("gitlab.com/gitlab-org/hello-world", push["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readers_cannot_see_integrations_or_deliveries()
    {
        var reader = await app.ClientAsAsync(Role.Reader);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/v1/integrations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/v1/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/deployments")).StatusCode);
    }

    [Fact]
    public async Task Bad_integration_requests_get_precise_problems()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var unknownKind = await admin.PostAsJsonAsync("/api/v1/integrations", new CreateIntegrationRequest("jira", "x", null, null));
        var shortSecret = await admin.PostAsJsonAsync("/api/v1/integrations", new CreateIntegrationRequest("github", Json.Unique("gh"), null, "short"));
        var signedGithub = await admin.PostAsJsonAsync("/api/v1/integrations", new CreateIntegrationRequest("github", Json.Unique("gh"), null, null, true));
        var name = Json.Unique("gh");
        await Webhooks.CreateIntegrationAsync(admin, "github", name);
        var taken = await admin.PostAsJsonAsync("/api/v1/integrations", new CreateIntegrationRequest("github", name, null, null));

        Assert.Equal(HttpStatusCode.BadRequest, unknownKind.StatusCode);
        Assert.NotNull((await unknownKind.ReadJsonAsync())["errors"]!["kind"]);
        Assert.NotNull((await shortSecret.ReadJsonAsync())["errors"]!["secret"]);
        Assert.NotNull((await signedGithub.ReadJsonAsync())["errors"]!["signedDeliveries"]);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("integration.name_taken", (await taken.ReadJsonAsync())["code"]!.GetValue<string>());
    }
}
