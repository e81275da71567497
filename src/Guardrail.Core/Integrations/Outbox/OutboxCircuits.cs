using Guardrail.Core.Common;
using Microsoft.Extensions.Options;

namespace Guardrail.Core.Integrations.Outbox;

public enum CircuitState
{
    /// <summary>Messages go out.</summary>
    Closed,

    /// <summary>The target failed too often: nothing is sent to it until the cool-down ends.</summary>
    Open,

    /// <summary>The cool-down ended: one message is let through, and its outcome closes or reopens the circuit.</summary>
    HalfOpen,
}

/// <summary>
/// A circuit per target, kept in memory on each node: after <see cref="OutboxOptions.CircuitThreshold"/> consecutive
/// failures the target is left alone for <see cref="OutboxOptions.CircuitCoolDown"/>, so a dead endpoint does not use
/// up the attempts of every message waiting for it.
/// </summary>
public sealed class OutboxCircuits(IOptions<OutboxOptions> options, TimeProvider clock)
{
    private readonly Dictionary<long, Circuit> _circuits = [];
    private readonly Lock _lock = new();

    /// <summary>True when a message may be sent to the target now; otherwise <paramref name="retryAt"/> says when to look again.</summary>
    public bool TryEnter(long targetId, out DateTime retryAt)
    {
        var now = clock.UtcNow();
        var coolDown = options.Value.CircuitCoolDown;
        lock (_lock)
        {
            retryAt = now;
            if (!_circuits.TryGetValue(targetId, out var circuit) || circuit.OpenUntil is null)
                return true;
            if (now < circuit.OpenUntil)
            {
                retryAt = circuit.OpenUntil.Value;
                return false;
            }
            if (circuit.ProbeInFlight)
            {
                retryAt = now + coolDown;
                return false;
            }
            circuit.ProbeInFlight = true;
            return true;
        }
    }

    public void Succeeded(long targetId)
    {
        lock (_lock)
            _circuits.Remove(targetId);
    }

    public void Failed(long targetId)
    {
        var settings = options.Value;
        var now = clock.UtcNow();
        lock (_lock)
        {
            if (!_circuits.TryGetValue(targetId, out var circuit))
                _circuits[targetId] = circuit = new Circuit();
            circuit.Failures++;
            if (circuit.ProbeInFlight || circuit.Failures >= settings.CircuitThreshold)
            {
                circuit.OpenUntil = now + settings.CircuitCoolDown;
                circuit.ProbeInFlight = false;
            }
        }
    }

    /// <summary>The target's circuit as this node sees it.</summary>
    public CircuitState StateOf(long targetId)
    {
        var now = clock.UtcNow();
        lock (_lock)
        {
            if (!_circuits.TryGetValue(targetId, out var circuit) || circuit.OpenUntil is null)
                return CircuitState.Closed;
            return now < circuit.OpenUntil ? CircuitState.Open : CircuitState.HalfOpen;
        }
    }

    private sealed class Circuit
    {
        public int Failures { get; set; }

        public DateTime? OpenUntil { get; set; }

        public bool ProbeInFlight { get; set; }
    }
}
