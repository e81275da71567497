using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.Deployments;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Normalisation;
using Guardrail.Core.Integrations.Normalisation.Cdevents;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Core.Persistence;
using Guardrail.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Integrations.Outbox;

/// <summary>
/// The outbox against a fake receiver and a fake clock, written once and run on every provider
/// (<see cref="SqliteOutboxTests"/>, <see cref="PostgresOutboxTests"/>).
/// </summary>
internal static class OutboxScenarios
{
    public static readonly Action<OutboxOptions> Settings = options =>
    {
        options.BatchSize = 5;
        options.MaxAttempts = 3;
        options.FirstRetryDelay = TimeSpan.FromSeconds(10);
        options.MaxRetryDelay = TimeSpan.FromMinutes(10);
        options.CircuitThreshold = 2;
        options.CircuitCoolDown = TimeSpan.FromMinutes(1);
    };

    private static readonly Actor s_alice = Actor.User("alice");
    private static readonly TimeSpan s_pastAnyRetry = TimeSpan.FromHours(1);

    public static async Task A_delivered_run_is_dispatched_once_and_audited_as_the_system(TestStore store, FakeReceiver receiver)
    {
        var target = await WebhookAsync(store);
        var run = await RequestRunAsync(store, target.Name, new Dictionary<string, string> { ["version"] = "1.2.3" });
        Assert.Equal(AutomationRunStatus.Requested, run.Run.Status);
        var waiting = await MessageAsync(store, run.Run.CorrelationId);
        Assert.Equal((OutboxStatus.Pending, 0, OutboxTopics.AutomationRun), (waiting.Status, waiting.Attempts, waiting.Topic));
        Assert.Equal(["automation-run.created"], await AuditActionsAsync(store, run.Run.Id));

        Assert.Equal(1, await DispatchAsync(store));

        var reception = Assert.Single(receiver.Received);
        Assert.Equal((waiting.IdempotencyKey, run.Run.CorrelationId), (reception.IdempotencyKey, reception.CorrelationId));
        Assert.Contains("\"version\":\"1.2.3\"", reception.Body, StringComparison.Ordinal);
        var delivered = await MessageAsync(store, run.Run.CorrelationId);
        Assert.Equal((OutboxStatus.Delivered, 1, null), (delivered.Status, delivered.Attempts, delivered.LeasedUntil));
        Assert.Equal(store.Clock.GetUtcNow().UtcDateTime, delivered.DeliveredAt);
        Assert.Equal(AutomationRunStatus.Dispatched, (await RunAsync(store, run.Run.Id)).Status);
        Assert.Equal(["automation-run.created:user:alice", "automation-run.updated:system"], await AuditActionsAsync(store, run.Run.Id, withActor: true));

        Assert.Equal(0, await DispatchAsync(store));
        Assert.Single(receiver.Received);
    }

    public static async Task A_refusal_is_dead_at_once_and_a_retry_sends_it_again_with_the_same_key(TestStore store, FakeReceiver receiver)
    {
        var target = await WebhookAsync(store);
        var run = await RequestRunAsync(store, target.Name);
        receiver.AnswerWith(HttpStatusCode.UnprocessableEntity, """{"message":"Unexpected inputs provided"}""");

        await DispatchAsync(store);

        var dead = await MessageAsync(store, run.Run.CorrelationId);
        Assert.Equal((OutboxStatus.Dead, 1), (dead.Status, dead.Attempts));
        Assert.Contains("422", dead.LastError, StringComparison.Ordinal);
        Assert.Contains("Unexpected inputs provided", dead.LastError, StringComparison.Ordinal);
        Assert.Equal(AutomationRunStatus.DispatchFailed, (await RunAsync(store, run.Run.Id)).Status);

        await using (var scope = store.Scope())
        {
            var retried = await scope.ServiceProvider.GetRequiredService<OutboxMessages>().RetryAsync(dead.Id, s_alice, default);
            Assert.True(retried.Succeeded, retried.Error?.Message);
            Assert.Equal((OutboxStatus.Pending, 0), (retried.Value.Status, retried.Value.Attempts));
            var again = await scope.ServiceProvider.GetRequiredService<OutboxMessages>().RetryAsync(dead.Id, s_alice, default);
            Assert.Equal("outbox-message.not_retryable", again.Error?.Code);
        }
        Assert.Equal(AutomationRunStatus.Requested, (await RunAsync(store, run.Run.Id)).Status);
        receiver.AnswerWith(HttpStatusCode.OK);

        await DispatchAsync(store);

        Assert.Equal(OutboxStatus.Delivered, (await MessageAsync(store, run.Run.CorrelationId)).Status);
        Assert.Equal(AutomationRunStatus.Dispatched, (await RunAsync(store, run.Run.Id)).Status);
        Assert.Equal(new[] { dead.IdempotencyKey, dead.IdempotencyKey }, receiver.Received.Select(r => r.IdempotencyKey));
    }

    public static async Task A_server_error_is_retried_after_a_backoff(TestStore store, FakeReceiver receiver)
    {
        var target = await WebhookAsync(store);
        var run = await RequestRunAsync(store, target.Name);
        receiver.AnswerWith(HttpStatusCode.BadGateway);
        var now = store.Clock.GetUtcNow().UtcDateTime;

        await DispatchAsync(store);

        var waiting = await MessageAsync(store, run.Run.CorrelationId);
        Assert.Equal((OutboxStatus.Pending, 1, null), (waiting.Status, waiting.Attempts, waiting.LeasedUntil));
        Assert.InRange(waiting.NextAttemptAt, now + TimeSpan.FromSeconds(5), now + TimeSpan.FromSeconds(10));
        Assert.Contains("502", waiting.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await DispatchAsync(store));

        store.Clock.Advance(TimeSpan.FromSeconds(10));
        receiver.AnswerWith(HttpStatusCode.Accepted);
        await DispatchAsync(store);

        Assert.Equal((OutboxStatus.Delivered, 2), ((await MessageAsync(store, run.Run.CorrelationId)).Status, (await MessageAsync(store, run.Run.CorrelationId)).Attempts));
        Assert.Equal(2, receiver.Received.Count);
    }

    public static async Task Retry_after_is_honoured_in_seconds_and_as_a_date(TestStore store, FakeReceiver receiver)
    {
        var target = await WebhookAsync(store);
        var run = await RequestRunAsync(store, target.Name);
        receiver.AnswerWith(HttpStatusCode.ServiceUnavailable, edit: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(120)));
        var now = store.Clock.GetUtcNow().UtcDateTime;

        await DispatchAsync(store);

        Assert.Equal(now + TimeSpan.FromSeconds(120), (await MessageAsync(store, run.Run.CorrelationId)).NextAttemptAt);

        store.Clock.Advance(TimeSpan.FromSeconds(120));
        now = store.Clock.GetUtcNow().UtcDateTime;
        receiver.AnswerWith(HttpStatusCode.TooManyRequests, edit: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(store.Clock.GetUtcNow() + TimeSpan.FromMinutes(3)));
        await DispatchAsync(store);

        var waiting = await MessageAsync(store, run.Run.CorrelationId);
        Assert.Equal(now + TimeSpan.FromMinutes(3), waiting.NextAttemptAt);
        Assert.Equal((OutboxStatus.Pending, 2), (waiting.Status, waiting.Attempts));
    }

    public static async Task When_the_attempts_run_out_the_message_is_dead_and_the_run_failed(TestStore store, FakeReceiver receiver)
    {
        var target = await WebhookAsync(store);
        var run = await RequestRunAsync(store, target.Name);
        receiver.Answer = _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(1, await DispatchAsync(store));
            store.Clock.Advance(s_pastAnyRetry);
        }

        var dead = await MessageAsync(store, run.Run.CorrelationId);
        Assert.Equal((OutboxStatus.Dead, 3), (dead.Status, dead.Attempts));
        Assert.Contains("ConnectionError", dead.LastError, StringComparison.Ordinal);
        Assert.Equal(AutomationRunStatus.DispatchFailed, (await RunAsync(store, run.Run.Id)).Status);
        Assert.Equal(0, await DispatchAsync(store));
        Assert.Equal(3, receiver.Received.Count);
    }

    public static async Task An_open_circuit_holds_messages_without_using_their_attempts(TestStore store, FakeReceiver receiver)
    {
        var target = await WebhookAsync(store);
        var first = await RequestRunAsync(store, target.Name);
        var second = await RequestRunAsync(store, target.Name);
        receiver.AnswerWith(HttpStatusCode.InternalServerError);

        await DispatchAsync(store);

        Assert.Equal(2, receiver.Received.Count);
        store.Clock.Advance(TimeSpan.FromSeconds(30));
        var openUntil = store.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(30);

        Assert.Equal(2, await DispatchAsync(store));

        Assert.Equal(2, receiver.Received.Count);
        foreach (var run in new[] { first, second })
        {
            var held = await MessageAsync(store, run.Run.CorrelationId);
            Assert.Equal((OutboxStatus.Pending, 1, openUntil, null), (held.Status, held.Attempts, held.NextAttemptAt, held.LeasedUntil));
        }

        store.Clock.Advance(TimeSpan.FromSeconds(30));
        receiver.AnswerWith(HttpStatusCode.OK);
        await DispatchAsync(store);

        Assert.Equal(4, receiver.Received.Count);
        foreach (var run in new[] { first, second })
            Assert.Equal((OutboxStatus.Delivered, 2), ((await MessageAsync(store, run.Run.CorrelationId)).Status, (await MessageAsync(store, run.Run.CorrelationId)).Attempts));
    }

    public static async Task A_disabled_target_keeps_its_messages_waiting(TestStore store, FakeReceiver receiver)
    {
        var target = await WebhookAsync(store);
        var run = await RequestRunAsync(store, target.Name);
        await using (var scope = store.Scope())
        {
            var disabled = await scope.ServiceProvider.GetRequiredService<OutboundTargets>()
                .UpdateAsync(target.Id, new UpdateOutboundTargetRequest(Enabled: false, Version: target.Version), s_alice, default);
            Assert.True(disabled.Succeeded, disabled.Error?.Message);
        }

        Assert.Equal(0, await DispatchAsync(store));
        Assert.Empty(receiver.Received);

        await using (var scope = store.Scope())
            await scope.ServiceProvider.GetRequiredService<OutboundTargets>()
                .UpdateAsync(target.Id, new UpdateOutboundTargetRequest(Enabled: true, Version: target.Version + 1), s_alice, default);
        await DispatchAsync(store);

        Assert.Equal(OutboxStatus.Delivered, (await MessageAsync(store, run.Run.CorrelationId)).Status);
    }

    /// <summary>Two nodes dispatching at once: each claims its own messages, and none is sent twice.</summary>
    public static async Task Concurrent_dispatchers_send_each_message_once(TestStore store, FakeReceiver receiver)
    {
        var target = await WebhookAsync(store);
        var runs = new List<AutomationRunView>();
        for (var i = 0; i < 12; i++)
            runs.Add(await RequestRunAsync(store, target.Name));
        receiver.Answer = async _ =>
        {
            await Task.Delay(5);
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        };

        async Task DrainAsync()
        {
            while (await DispatchAsync(store) > 0)
            {
            }
        }
        await Task.WhenAll(DrainAsync(), DrainAsync());

        Assert.Equal(12, receiver.Received.Count);
        Assert.Equal(12, receiver.Received.Select(r => r.IdempotencyKey).Distinct().Count());
        foreach (var run in runs)
            Assert.Equal(OutboxStatus.Delivered, (await MessageAsync(store, run.Run.CorrelationId)).Status);
    }

    /// <summary>The announced event is one Guardrail's own CDEvents inbox reads back as the same deployment.</summary>
    public static async Task A_successful_deployment_is_announced_to_every_cdevents_target(TestStore store, FakeReceiver receiver)
    {
        long cdeventsTarget;
        await using (var scope = store.Scope())
        {
            var targets = scope.ServiceProvider.GetRequiredService<OutboundTargets>();
            var created = await targets.CreateAsync(new CreateOutboundTargetRequest("cdevents", UniqueName("events"), "https://events.example.com/"), s_alice, default);
            Assert.True(created.Succeeded, created.Error?.Message);
            cdeventsTarget = created.Value.Target.Id;
            await targets.CreateAsync(new CreateOutboundTargetRequest("cdevents", UniqueName("off"), "https://off.example.com/", Enabled: false), s_alice, default);
        }
        var deploymentId = UniqueName("deploy");
        const string sha = "0123456789abcdef0123456789abcdef01234567";
        var at = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(1));

        await RecordDeploymentAsync(store, new DeploymentObserved(deploymentId, "acme/shop", null, "production", "main", sha, null,
            DeploymentState.InProgress, at, at, null, null, CorrelationId: "grd-AbCdEfGhIjKlMnOpQrSt"));
        await RecordDeploymentAsync(store, new DeploymentObserved(deploymentId, "acme/shop", null, "production", "main", sha, null,
            DeploymentState.Succeeded, at.AddMinutes(5), at, null, null, CorrelationId: "grd-AbCdEfGhIjKlMnOpQrSt"));

        await using (var scope = store.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            var message = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Topic == OutboxTopics.DeploymentObserved && m.CorrelationId == "grd-AbCdEfGhIjKlMnOpQrSt");
            Assert.Equal(cdeventsTarget, message.TargetId);
        }
        await DispatchAsync(store);

        var reception = Assert.Single(receiver.Received, r => r.Url == "https://events.example.com/");
        var read = new CdeventsNormaliser().Normalise(new RawDelivery("", new Dictionary<string, string>(), Encoding.UTF8.GetBytes(reception.Body)));
        var observed = Assert.IsType<DeploymentObserved>(Assert.Single(Assert.IsType<Normalised.Events>(read).Items));
        Assert.Equal(("production", DeploymentState.Succeeded, at.AddMinutes(5), "acme/shop", sha),
            (observed.Environment, observed.Status, observed.At, observed.Repository, observed.CommitSha));
    }

    private static async Task RecordDeploymentAsync(TestStore store, DeploymentObserved observed)
    {
        await using var scope = store.Scope();
        await scope.ServiceProvider.GetRequiredService<DeploymentRecorder>().RecordAsync(IntegrationKind.Github, observed, null, default);
        await scope.ServiceProvider.GetRequiredService<GuardrailDb>().SaveChangesAsync();
    }

    private static async Task<OutboundTarget> WebhookAsync(TestStore store)
    {
        await using var scope = store.Scope();
        var created = await scope.ServiceProvider.GetRequiredService<OutboundTargets>().CreateAsync(
            new CreateOutboundTargetRequest("webhook", UniqueName("hook"), "https://hooks.example.com/guardrail"), s_alice, default);
        Assert.True(created.Succeeded, created.Error?.Message);
        return created.Value.Target;
    }

    private static async Task<AutomationRunView> RequestRunAsync(TestStore store, string target, Dictionary<string, string>? inputs = null)
    {
        await using var scope = store.Scope();
        var requested = await scope.ServiceProvider.GetRequiredService<AutomationRuns>().RequestAsync(new AutomationRunRequest(target, inputs, "Release 1.2.3"), s_alice, default);
        Assert.True(requested.Succeeded, requested.Error?.Message);
        return requested.Value;
    }

    private static async Task<int> DispatchAsync(TestStore store)
    {
        await using var scope = store.Scope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchBatchAsync(default);
    }

    private static async Task<OutboxMessage> MessageAsync(TestStore store, string correlationId)
    {
        await using var scope = store.Scope();
        return await scope.ServiceProvider.GetRequiredService<GuardrailDb>().OutboxMessages.AsNoTracking()
            .SingleAsync(m => m.CorrelationId == correlationId && m.Topic == OutboxTopics.AutomationRun);
    }

    private static async Task<AutomationRun> RunAsync(TestStore store, long id)
    {
        await using var scope = store.Scope();
        return await scope.ServiceProvider.GetRequiredService<GuardrailDb>().AutomationRuns.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    private static async Task<string[]> AuditActionsAsync(TestStore store, long runId, bool withActor = false)
    {
        await using var scope = store.Scope();
        var id = runId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var entries = await scope.ServiceProvider.GetRequiredService<GuardrailDb>().AuditEntries.AsNoTracking()
            .Where(e => e.RecordType == "automation-run" && e.RecordId == id).OrderBy(e => e.Id).ToListAsync();
        return [.. entries.Select(e => withActor ? $"{e.Action}:{e.Actor}" : e.Action)];
    }

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
