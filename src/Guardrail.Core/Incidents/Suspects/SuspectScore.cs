namespace Guardrail.Core.Incidents.Suspects;

/// <summary>
/// How suspect a change is: <c>points = 100 × closeness × recency × suspicion</c>, rounded to one decimal, so that equal
/// points are equal as shown.
/// <list type="bullet">
/// <item><c>closeness = 1 / (1 + hops)</c>: 1 on an affected CI or service, ½ one hop upstream, ⅓ two hops up…</item>
/// <item><c>recency = 1 / (1 + Δ / h)</c>, Δ the time from the change taking effect to the incident's start and h
/// <see cref="WhatChangedOptions.RecencyHalvedAfter"/> (1 hour by default: 14 minutes before gives 0.81, 1 hour 0.5,
/// 1 day 0.04); 1 when it took effect at or after the start, within the grace.</item>
/// <item><c>suspicion = 1 + the boosts of its <see cref="SuspectSignals">signals</see></c>.</item>
/// </list>
/// Both closeness factors multiply, so an old deployment of the affected CI and a fresh one far upstream both rank
/// low. Suspects are ordered by points, then fewer hops, then nearer in time, then by deployment id and change id
/// (a suspect without a deployment after those with one), so the order never depends on how rows were read.
/// </summary>
public sealed record SuspectScore(double Points, double Closeness, double Recency, double Suspicion)
{
    public static SuspectScore Of(int hops, TimeSpan beforeStart, TimeSpan recencyHalvedAfter, IEnumerable<SuspectSignal> signals)
    {
        var closeness = 1.0 / (1 + hops);
        var recency = beforeStart <= TimeSpan.Zero ? 1.0 : 1.0 / (1 + beforeStart / recencyHalvedAfter);
        var suspicion = 1 + signals.Sum(s => s.Boost);
        return new SuspectScore(Math.Round(100 * closeness * recency * suspicion, 1, MidpointRounding.AwayFromZero), closeness, recency, suspicion);
    }
}

/// <summary>The signals that raise suspicion, each with its boost to <see cref="SuspectScore.Suspicion"/>.</summary>
public static class SuspectSignals
{
    /// <summary>A later deployment rolled it back: someone already judged it bad.</summary>
    public static readonly (string Code, double Boost) RolledBack = ("rolled-back", 1.0);

    /// <summary>Its change record's outcome is failed or rolled back.</summary>
    public static readonly (string Code, double Boost) ChangeFailed = ("change-failed", 1.0);

    /// <summary>The deployment failed: a failed rollout can leave a service half updated.</summary>
    public static readonly (string Code, double Boost) DeploymentFailed = ("deployment-failed", 0.5);

    /// <summary>It went out without the change policy's approval (rejected, still waiting, or a receipt that did not wait).</summary>
    public static readonly (string Code, double Boost) NotApproved = ("not-approved", 0.5);

    public static readonly (string Code, double Boost) HighRisk = ("high-risk", 0.25);

    public static readonly (string Code, double Boost) Emergency = ("emergency", 0.25);

    public static SuspectSignal Raise((string Code, double Boost) signal, string reason) => new(signal.Code, signal.Boost, reason);
}
