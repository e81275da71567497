using Guardrail.Core.Tests.Support;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Core.Tests.Integrations.Outbox;

public class SqliteOutboxTests
{
    [Fact]
    public Task A_delivered_run_is_dispatched_once_and_audited_as_the_system() => RunAsync(OutboxScenarios.A_delivered_run_is_dispatched_once_and_audited_as_the_system);

    [Fact]
    public Task A_refusal_is_dead_at_once_and_a_retry_sends_it_again_with_the_same_key() =>
        RunAsync(OutboxScenarios.A_refusal_is_dead_at_once_and_a_retry_sends_it_again_with_the_same_key);

    [Fact]
    public Task A_server_error_is_retried_after_a_backoff() => RunAsync(OutboxScenarios.A_server_error_is_retried_after_a_backoff);

    [Fact]
    public Task Retry_after_is_honoured_in_seconds_and_as_a_date() => RunAsync(OutboxScenarios.Retry_after_is_honoured_in_seconds_and_as_a_date);

    [Fact]
    public Task When_the_attempts_run_out_the_message_is_dead_and_the_run_failed() => RunAsync(OutboxScenarios.When_the_attempts_run_out_the_message_is_dead_and_the_run_failed);

    [Fact]
    public Task An_open_circuit_holds_messages_without_using_their_attempts() => RunAsync(OutboxScenarios.An_open_circuit_holds_messages_without_using_their_attempts);

    [Fact]
    public Task A_disabled_target_keeps_its_messages_waiting() => RunAsync(OutboxScenarios.A_disabled_target_keeps_its_messages_waiting);

    [Fact]
    public Task Concurrent_dispatchers_send_each_message_once() => RunAsync(OutboxScenarios.Concurrent_dispatchers_send_each_message_once);

    [Fact]
    public Task A_successful_deployment_is_announced_to_every_cdevents_target() => RunAsync(OutboxScenarios.A_successful_deployment_is_announced_to_every_cdevents_target);

    private static async Task RunAsync(Func<TestStore, FakeReceiver, Task> scenario)
    {
        var receiver = new FakeReceiver();
        await using var store = await TestStore.SqliteAsync(services => Configure(services, receiver));
        await scenario(store, receiver);
    }

    internal static void Configure(IServiceCollection services, FakeReceiver receiver)
    {
        receiver.Install(services);
        services.Configure(OutboxScenarios.Settings);
    }
}

public class PostgresOutboxTests
{
    [PostgresFact]
    public Task A_delivered_run_is_dispatched_once_and_audited_as_the_system() => RunAsync(OutboxScenarios.A_delivered_run_is_dispatched_once_and_audited_as_the_system);

    [PostgresFact]
    public Task A_refusal_is_dead_at_once_and_a_retry_sends_it_again_with_the_same_key() =>
        RunAsync(OutboxScenarios.A_refusal_is_dead_at_once_and_a_retry_sends_it_again_with_the_same_key);

    [PostgresFact]
    public Task A_server_error_is_retried_after_a_backoff() => RunAsync(OutboxScenarios.A_server_error_is_retried_after_a_backoff);

    [PostgresFact]
    public Task Retry_after_is_honoured_in_seconds_and_as_a_date() => RunAsync(OutboxScenarios.Retry_after_is_honoured_in_seconds_and_as_a_date);

    [PostgresFact]
    public Task When_the_attempts_run_out_the_message_is_dead_and_the_run_failed() => RunAsync(OutboxScenarios.When_the_attempts_run_out_the_message_is_dead_and_the_run_failed);

    [PostgresFact]
    public Task An_open_circuit_holds_messages_without_using_their_attempts() => RunAsync(OutboxScenarios.An_open_circuit_holds_messages_without_using_their_attempts);

    [PostgresFact]
    public Task A_disabled_target_keeps_its_messages_waiting() => RunAsync(OutboxScenarios.A_disabled_target_keeps_its_messages_waiting);

    [PostgresFact]
    public Task Concurrent_dispatchers_send_each_message_once() => RunAsync(OutboxScenarios.Concurrent_dispatchers_send_each_message_once);

    [PostgresFact]
    public Task A_successful_deployment_is_announced_to_every_cdevents_target() => RunAsync(OutboxScenarios.A_successful_deployment_is_announced_to_every_cdevents_target);

    private static async Task RunAsync(Func<TestStore, FakeReceiver, Task> scenario)
    {
        var receiver = new FakeReceiver();
        await using var store = await TestStore.PostgresAsync(services => SqliteOutboxTests.Configure(services, receiver));
        await scenario(store, receiver);
    }
}
