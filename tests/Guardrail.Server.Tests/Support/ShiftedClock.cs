namespace Guardrail.Server.Tests.Support;

/// <summary>
/// The server's clock for tests: the real time moved by an offset the test sets. Timers still run on real time, so the
/// background services (inbox, outbox, follow-up) keep working while a test moves "now" to an approval's expiry or to
/// the timestamp of a published signature vector.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    /// <summary>Moves "now" to <paramref name="now"/> (give or take the moments the test itself takes).</summary>
    public void SetNow(DateTimeOffset now) => Offset = now - System.GetUtcNow();

    public void Advance(TimeSpan by) => Offset += by;
}
