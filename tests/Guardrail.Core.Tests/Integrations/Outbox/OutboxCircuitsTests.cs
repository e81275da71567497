using Guardrail.Core.Integrations.Outbox;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Guardrail.Core.Tests.Integrations.Outbox;

public class OutboxCircuitsTests
{
    private static readonly TimeSpan _coolDown = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private readonly OutboxCircuits _circuits;

    public OutboxCircuitsTests() =>
        _circuits = new OutboxCircuits(Options.Create(new OutboxOptions { CircuitThreshold = 3, CircuitCoolDown = _coolDown }), _clock);

    private void Fail(long target, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.True(_circuits.TryEnter(target, out _));
            _circuits.Failed(target);
        }
    }

    [Fact]
    public void Failures_below_the_threshold_keep_the_circuit_closed()
    {
        Fail(1, 2);

        Assert.Equal(CircuitState.Closed, _circuits.StateOf(1));
        Assert.True(_circuits.TryEnter(1, out _));
    }

    [Fact]
    public void A_success_forgets_earlier_failures()
    {
        Fail(1, 2);
        _circuits.Succeeded(1);
        Fail(1, 2);

        Assert.Equal(CircuitState.Closed, _circuits.StateOf(1));
    }

    [Fact]
    public void The_threshold_opens_the_circuit_for_the_cool_down_and_only_for_that_target()
    {
        Fail(1, 3);

        Assert.Equal(CircuitState.Open, _circuits.StateOf(1));
        Assert.False(_circuits.TryEnter(1, out var retryAt));
        Assert.Equal(_clock.GetUtcNow().UtcDateTime + _coolDown, retryAt);
        Assert.True(_circuits.TryEnter(2, out _));

        _clock.Advance(_coolDown - TimeSpan.FromMilliseconds(1));
        Assert.False(_circuits.TryEnter(1, out _));
    }

    [Fact]
    public void After_the_cool_down_one_message_goes_through_and_the_rest_wait_for_it()
    {
        Fail(1, 3);
        _clock.Advance(_coolDown);

        Assert.Equal(CircuitState.HalfOpen, _circuits.StateOf(1));
        Assert.True(_circuits.TryEnter(1, out _));
        Assert.False(_circuits.TryEnter(1, out var retryAt));
        Assert.Equal(_clock.GetUtcNow().UtcDateTime + _coolDown, retryAt);
    }

    [Fact]
    public void A_probe_that_succeeds_closes_the_circuit()
    {
        Fail(1, 3);
        _clock.Advance(_coolDown);
        Assert.True(_circuits.TryEnter(1, out _));

        _circuits.Succeeded(1);

        Assert.Equal(CircuitState.Closed, _circuits.StateOf(1));
        Assert.True(_circuits.TryEnter(1, out _));
        Assert.True(_circuits.TryEnter(1, out _));
    }

    [Fact]
    public void A_probe_that_fails_opens_the_circuit_for_another_cool_down()
    {
        Fail(1, 3);
        _clock.Advance(_coolDown);
        Assert.True(_circuits.TryEnter(1, out _));

        _circuits.Failed(1);

        Assert.Equal(CircuitState.Open, _circuits.StateOf(1));
        Assert.False(_circuits.TryEnter(1, out var retryAt));
        Assert.Equal(_clock.GetUtcNow().UtcDateTime + _coolDown, retryAt);
    }
}
