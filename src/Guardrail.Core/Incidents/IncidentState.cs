using Guardrail.Core.Common;

namespace Guardrail.Core.Incidents;

/// <summary>Where an incident is: resolved means the service is restored; closed means the ticket is done and is final.</summary>
public enum IncidentState
{
    New,
    Acknowledged,
    InProgress,
    OnHold,
    Resolved,
    Closed,
}

/// <summary>What a responder (or an alert) does to an incident; each action is allowed from some states only.</summary>
public enum IncidentAction
{
    Acknowledge,
    Start,
    Hold,
    Resume,
    Resolve,
    Close,
    Reopen,
}

/// <summary>
/// The transition table of an incident, by state and action. Acknowledging is the first response; an incident is put on
/// hold only once someone has it (the SLA clocks stop meanwhile) and resumes into progress; it can be resolved from any
/// open state, as an alert may clear before anyone looks. A resolved incident is closed, or reopened into progress.
/// </summary>
public static class IncidentTransitions
{
    private static readonly Dictionary<(IncidentState From, IncidentAction Action), IncidentState> s_moves = new()
    {
        [(IncidentState.New, IncidentAction.Acknowledge)] = IncidentState.Acknowledged,
        [(IncidentState.New, IncidentAction.Start)] = IncidentState.InProgress,
        [(IncidentState.Acknowledged, IncidentAction.Start)] = IncidentState.InProgress,
        [(IncidentState.Acknowledged, IncidentAction.Hold)] = IncidentState.OnHold,
        [(IncidentState.InProgress, IncidentAction.Hold)] = IncidentState.OnHold,
        [(IncidentState.OnHold, IncidentAction.Resume)] = IncidentState.InProgress,
        [(IncidentState.New, IncidentAction.Resolve)] = IncidentState.Resolved,
        [(IncidentState.Acknowledged, IncidentAction.Resolve)] = IncidentState.Resolved,
        [(IncidentState.InProgress, IncidentAction.Resolve)] = IncidentState.Resolved,
        [(IncidentState.OnHold, IncidentAction.Resolve)] = IncidentState.Resolved,
        [(IncidentState.Resolved, IncidentAction.Close)] = IncidentState.Closed,
        [(IncidentState.Resolved, IncidentAction.Reopen)] = IncidentState.InProgress,
    };

    /// <summary>The state the action leads to from <paramref name="from"/>, or null when the table refuses it.</summary>
    public static IncidentState? Target(IncidentState from, IncidentAction action) =>
        s_moves.TryGetValue((from, action), out var to) ? to : null;

    /// <summary>The actions allowed from a state, in the order of <see cref="IncidentAction"/>.</summary>
    public static IReadOnlyList<IncidentAction> From(IncidentState state) =>
        [.. Enum.GetValues<IncidentAction>().Where(action => s_moves.ContainsKey((state, action)))];

    public static bool IsFinal(IncidentState state) => From(state).Count == 0;

    /// <summary>Open incidents still affect their services: neither resolved nor closed.</summary>
    public static bool IsOpen(IncidentState state) => state is not (IncidentState.Resolved or IncidentState.Closed);

    /// <summary>The actions in words, for messages: "acknowledge, start or resolve".</summary>
    public static string Describe(IReadOnlyList<IncidentAction> actions) => actions.Count switch
    {
        0 => "nothing (it is final)",
        1 => WireNames.Of(actions[0]),
        _ => string.Join(", ", actions.Take(actions.Count - 1).Select(WireNames.Of)) + " or " + WireNames.Of(actions[^1]),
    };
}
