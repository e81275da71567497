using Guardrail.Core.Common;
using Guardrail.Core.Incidents;

namespace Guardrail.Core.Tests.Incidents;

public sealed class IncidentTransitionsTests
{
    private static readonly (IncidentState From, IncidentAction Action, IncidentState To)[] s_allowed =
    [
        (IncidentState.New, IncidentAction.Acknowledge, IncidentState.Acknowledged),
        (IncidentState.New, IncidentAction.Start, IncidentState.InProgress),
        (IncidentState.New, IncidentAction.Resolve, IncidentState.Resolved),
        (IncidentState.Acknowledged, IncidentAction.Start, IncidentState.InProgress),
        (IncidentState.Acknowledged, IncidentAction.Hold, IncidentState.OnHold),
        (IncidentState.Acknowledged, IncidentAction.Resolve, IncidentState.Resolved),
        (IncidentState.InProgress, IncidentAction.Hold, IncidentState.OnHold),
        (IncidentState.InProgress, IncidentAction.Resolve, IncidentState.Resolved),
        (IncidentState.OnHold, IncidentAction.Resume, IncidentState.InProgress),
        (IncidentState.OnHold, IncidentAction.Resolve, IncidentState.Resolved),
        (IncidentState.Resolved, IncidentAction.Close, IncidentState.Closed),
        (IncidentState.Resolved, IncidentAction.Reopen, IncidentState.InProgress),
    ];

    private static readonly DateTime s_opened = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime s_now = s_opened.AddMinutes(30);

    public static TheoryData<IncidentState, IncidentAction, IncidentState> Allowed()
    {
        var data = new TheoryData<IncidentState, IncidentAction, IncidentState>();
        foreach (var (from, action, to) in s_allowed)
            data.Add(from, action, to);
        return data;
    }

    public static TheoryData<IncidentState, IncidentAction> Refused()
    {
        var data = new TheoryData<IncidentState, IncidentAction>();
        foreach (var from in Enum.GetValues<IncidentState>())
            foreach (var action in Enum.GetValues<IncidentAction>().Where(a => !s_allowed.Any(m => m.From == from && m.Action == a)))
                data.Add(from, action);
        return data;
    }

    private static Incident Incident(IncidentState state) => new()
    {
        Id = 7, Title = "t", ReporterName = "r", State = state, OpenedAt = s_opened,
        ResolvedAt = state is IncidentState.Resolved or IncidentState.Closed ? s_opened.AddMinutes(10) : null,
        Pauses = state == IncidentState.OnHold ? [new IncidentPause { StartedAt = s_opened.AddMinutes(5) }] : [],
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void An_allowed_action_moves_the_incident(IncidentState from, IncidentAction action, IncidentState to)
    {
        var incident = Incident(from);

        var moved = incident.Apply(action, s_now);

        Assert.Equal(to, IncidentTransitions.Target(from, action));
        Assert.True(moved.Succeeded);
        Assert.Equal(from, moved.Value);
        Assert.Equal((to, s_now), (incident.State, incident.UpdatedAt));
        Assert.Contains(action, IncidentTransitions.From(from));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_refused_action_is_an_invalid_transition_and_changes_nothing(IncidentState from, IncidentAction action)
    {
        var incident = Incident(from);

        var moved = incident.Apply(action, s_now);

        Assert.Null(IncidentTransitions.Target(from, action));
        Assert.False(moved.Succeeded);
        Assert.Equal(("incident.invalid_transition", ErrorKind.Conflict), (moved.Error.Code, moved.Error.Kind));
        Assert.Contains("INC-7", moved.Error.Message, StringComparison.Ordinal);
        Assert.Equal((from, default(DateTime)), (incident.State, incident.UpdatedAt));
    }

    [Fact]
    public void Only_closed_is_final_and_only_resolved_and_closed_are_not_open()
    {
        Assert.Equal([IncidentState.Closed], Enum.GetValues<IncidentState>().Where(IncidentTransitions.IsFinal));
        Assert.Equal([IncidentState.New, IncidentState.Acknowledged, IncidentState.InProgress, IncidentState.OnHold],
            Enum.GetValues<IncidentState>().Where(IncidentTransitions.IsOpen));
    }

    [Fact]
    public void Acknowledging_starting_resolving_and_closing_keep_their_times_and_the_first_response_stays()
    {
        var incident = Incident(IncidentState.New);

        incident.Apply(IncidentAction.Acknowledge, s_now);
        incident.Apply(IncidentAction.Start, s_now.AddMinutes(5));
        incident.Apply(IncidentAction.Resolve, s_now.AddMinutes(20));
        incident.Apply(IncidentAction.Close, s_now.AddMinutes(30));

        Assert.Equal((s_now, s_now.AddMinutes(20), s_now.AddMinutes(30)), (incident.AcknowledgedAt, incident.ResolvedAt, incident.ClosedAt));
    }

    [Fact]
    public void On_hold_pauses_until_resumed_and_a_reopen_pauses_the_time_it_stood_resolved()
    {
        var incident = Incident(IncidentState.InProgress);

        incident.Apply(IncidentAction.Hold, s_now);
        incident.Apply(IncidentAction.Resume, s_now.AddHours(1));
        incident.Apply(IncidentAction.Resolve, s_now.AddHours(2));
        incident.Apply(IncidentAction.Reopen, s_now.AddHours(5));

        Assert.Equal([(s_now, s_now.AddHours(1)), (s_now.AddHours(2), s_now.AddHours(5))],
            incident.Pauses.Select(p => (p.StartedAt, p.EndedAt!.Value)));
        Assert.Null(incident.ResolvedAt);
    }

    [Fact]
    public void Resolving_while_on_hold_ends_the_pause()
    {
        var incident = Incident(IncidentState.OnHold);

        incident.Apply(IncidentAction.Resolve, s_now);

        Assert.Equal(s_now, Assert.Single(incident.Pauses).EndedAt);
    }
}
