using System.Net;
using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Integrations.Outbox;

/// <summary>
/// The outbox story: an automation run requested through the API reaches a receiver that fails, drops the connection
/// and answers too late, across a restart of the server, and is acted on exactly once.
/// </summary>
public abstract class OutboxStory
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    protected abstract Task<GuardrailApp> CreateAsync();

    protected async Task An_automation_run_is_delivered_exactly_once_across_failures_and_a_restart()
    {
        await using var receiver = await FlakyReceiver.StartAsync();
        receiver.Lateness = TimeSpan.FromSeconds(5);
        var app = await CreateAsync();
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Outbox:PollInterval"] = "00:00:00.100",
            ["Outbox:FirstRetryDelay"] = "00:00:00.100",
            ["Outbox:MaxRetryDelay"] = "00:00:00.400",
            ["Outbox:RequestTimeout"] = "00:00:02",
            ["Outbox:MaxAttempts"] = "50",
            ["Outbox:CircuitThreshold"] = "1000",
        })
            app.Settings[key] = value;
        try
        {
            var admin = await app.ClientAsAsync(Role.Admin);
            var target = Json.Unique("deploy-hook");
            var created = await admin.PostJsonAsync("/api/v1/outbound-targets", new { kind = "webhook", name = target, url = receiver.Url.ToString() });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            receiver.SigningKey = (await created.ReadJsonAsync())["secret"]!.GetValue<string>();

            var responder = await app.ClientAsAsync(Role.Responder);
            var requested = await responder.PostJsonAsync("/api/v1/automation-runs",
                new { target, inputs = new Dictionary<string, string> { ["version"] = "1.2.3" }, reason = "INC-7: roll forward" });
            Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
            var run = await requested.ReadJsonAsync();
            var runId = run["id"]!.GetValue<long>();
            var correlationId = run["correlationId"]!.GetValue<string>();

            await EventuallyAsync(() => Task.FromResult(receiver.Received.Count >= 2), "the receiver never saw two failing attempts");
            app = app.Restart();
            receiver.Script.Enqueue(ReceiverStep.Drop);
            receiver.Script.Enqueue(ReceiverStep.AnswerTooLate);
            receiver.Otherwise = ReceiverStep.Succeed;

            var reader = await app.ClientAsAsync(Role.Reader);
            JsonNode? detail = null;
            await EventuallyAsync(async () =>
            {
                detail = await (await reader.GetAsync($"/api/v1/automation-runs/{runId}")).ReadJsonAsync();
                return detail["run"]!["status"]!.GetValue<string>() == "dispatched" && detail["run"]!["dispatch"]!["status"]!.GetValue<string>() == "delivered";
            }, "the run was never dispatched");

            var dispatch = detail!["run"]!["dispatch"]!;
            var received = receiver.Received.ToList();
            var seen = string.Join(", ", received.Select(r => $"{r.Step}:{r.Status}"));
            var acted = received.Where(r => r.Status is >= 200 and < 300).ToList();
            Assert.NotEmpty(acted);
            Assert.Single(acted.Select(r => r.IdempotencyKey).Distinct());
            Assert.All(received, r => Assert.Equal(dispatch["idempotencyKey"]!.GetValue<string>(), r.IdempotencyKey));
            Assert.All(received, r => Assert.Equal(correlationId, r.CorrelationId));
            Assert.All(received, r => Assert.True(r.Signed, "A request was not signed with the webhook's key."));
            Assert.True(received.Any(r => r.Step == ReceiverStep.Drop) && received.Any(r => r.Step == ReceiverStep.AnswerTooLate), $"The receiver saw {seen}.");
            // At least one failure before the restart, then the dropped connection, the lost answer and the success. An attempt
            // that times out before the receiver even reads it is counted but never seen, so there is no upper bound here.
            var attempts = dispatch["attempts"]!.GetValue<int>();
            Assert.True(attempts >= 4, $"{attempts} attempts were counted; the receiver saw {seen}.");

            var admin2 = await app.ClientAsAsync(Role.Admin);
            var targetId = (await created.ReadJsonAsync())["target"]!["id"]!.GetValue<long>();
            var messages = (await (await admin2.GetAsync($"/api/v1/outbox?target={targetId}")).ReadJsonAsync())["items"]!.AsArray();
            Assert.Single(messages);
        }
        finally
        {
            app.Dispose();
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        using var deadline = new CancellationTokenSource(s_patience);
        while (!await condition())
        {
            Assert.False(deadline.IsCancellationRequested, failure);
            await Task.Delay(50);
        }
    }
}

public sealed class SqliteOutboxStoryTests : OutboxStory
{
    protected override Task<GuardrailApp> CreateAsync() => Task.FromResult(new GuardrailApp());

    [Fact]
    public Task An_automation_run_is_delivered_exactly_once_across_a_restart() => An_automation_run_is_delivered_exactly_once_across_failures_and_a_restart();
}

public sealed class PostgresOutboxStoryTests : OutboxStory
{
    protected override async Task<GuardrailApp> CreateAsync() => new PostgresGuardrailApp(await TestDatabase.CreatePostgresDatabaseAsync());

    [PostgresFact]
    public Task An_automation_run_is_delivered_exactly_once_across_a_restart() => An_automation_run_is_delivered_exactly_once_across_failures_and_a_restart();
}
