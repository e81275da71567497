using Guardrail.Core.Incidents;

namespace Guardrail.Core.Tests.Incidents;

/// <summary>The response and resolution clocks of P1 (around the clock: 15 minutes, 4 hours) and P2 (business hours in Berlin).</summary>
public sealed class IncidentSlaTests
{
    private static readonly DateTime s_opened = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    private static readonly IncidentSettings s_settings = IncidentSettings.Default with
    {
        BusinessHours = IncidentSettings.Default.BusinessHours with { TimeZone = "Europe/Berlin" },
    };

    private static Incident Incident(IncidentPriority priority = IncidentPriority.P1) =>
        new() { Id = 3, Title = "Checkout down", ReporterName = "ana", Priority = priority, State = IncidentState.New, OpenedAt = s_opened };

    [Theory]
    [InlineData(10, SlaState.Within)]
    [InlineData(12, SlaState.Warning)]
    [InlineData(15, SlaState.Breached)]
    [InlineData(40, SlaState.Breached)]
    public void An_unacknowledged_p1_passes_from_within_to_warning_at_three_quarters_to_breached(int minutes, SlaState expected)
    {
        var (response, resolution) = IncidentSla.Evaluate(Incident(), s_settings, s_opened.AddMinutes(minutes));

        Assert.Equal(expected, response.State);
        Assert.Equal(s_opened.AddMinutes(15), response.DueAt);
        Assert.Equal((SlaState.Within, s_opened.AddHours(4)), (resolution.State, resolution.DueAt));
    }

    [Theory]
    [InlineData(14, SlaState.Met)]
    [InlineData(15, SlaState.Met)]
    [InlineData(16, SlaState.Breached)]
    public void Acknowledging_stops_the_response_clock_met_or_breached(int acknowledgedAfter, SlaState expected)
    {
        var incident = Incident();
        incident.Apply(IncidentAction.Acknowledge, s_opened.AddMinutes(acknowledgedAfter));

        var (response, _) = IncidentSla.Evaluate(incident, s_settings, s_opened.AddHours(1));

        Assert.Equal(expected, response.State);
    }

    [Fact]
    public void On_hold_the_resolution_clock_stands_still_without_a_due_time_and_resumes_where_it_stopped()
    {
        var incident = Incident();
        incident.Apply(IncidentAction.Acknowledge, s_opened.AddMinutes(5));
        incident.Apply(IncidentAction.Hold, s_opened.AddHours(1));

        var (_, held) = IncidentSla.Evaluate(incident, s_settings, s_opened.AddHours(6));
        incident.Apply(IncidentAction.Resume, s_opened.AddHours(3));
        var (_, resumed) = IncidentSla.Evaluate(incident, s_settings, s_opened.AddHours(5));

        Assert.Equal((SlaState.Within, (DateTime?)null, true, TimeSpan.FromHours(1)), (held.State, held.DueAt, held.Paused, held.Elapsed));
        Assert.Equal((SlaState.Warning, s_opened.AddHours(6), false, TimeSpan.FromHours(3)), (resumed.State, resumed.DueAt, resumed.Paused, resumed.Elapsed));
    }

    [Fact]
    public void A_p2_runs_in_business_hours_so_one_opened_before_closing_time_is_due_the_next_morning()
    {
        var quarterToFive = new DateTime(2026, 11, 23, 15, 45, 0, DateTimeKind.Utc);
        var incident = Incident(IncidentPriority.P2);
        incident.OpenedAt = quarterToFive;

        var overnight = IncidentSla.Evaluate(incident, s_settings, new DateTime(2026, 11, 24, 7, 0, 0, DateTimeKind.Utc));
        var (response, resolution) = IncidentSla.Evaluate(incident, s_settings, new DateTime(2026, 11, 24, 8, 30, 0, DateTimeKind.Utc));

        Assert.Equal((SlaState.Within, TimeSpan.FromMinutes(15)), (overnight.Response.State, overnight.Response.Elapsed));
        Assert.Equal((SlaState.Breached, new DateTime(2026, 11, 24, 8, 15, 0, DateTimeKind.Utc)), (response.State, response.DueAt));
        Assert.Equal((SlaState.Within, new DateTime(2026, 11, 24, 15, 45, 0, DateTimeKind.Utc)), (resolution.State, resolution.DueAt));
    }

    [Fact]
    public void A_reopened_incident_does_not_count_the_time_it_stood_resolved()
    {
        var incident = Incident();
        incident.Apply(IncidentAction.Start, s_opened.AddMinutes(5));
        incident.Apply(IncidentAction.Resolve, s_opened.AddHours(1));
        var (_, resolved) = IncidentSla.Evaluate(incident, s_settings, s_opened.AddHours(5));
        incident.Apply(IncidentAction.Reopen, s_opened.AddHours(10));

        var (_, reopened) = IncidentSla.Evaluate(incident, s_settings, s_opened.AddHours(11));

        Assert.Equal((SlaState.Met, TimeSpan.FromHours(1)), (resolved.State, resolved.Elapsed));
        Assert.Equal((SlaState.Within, TimeSpan.FromHours(2), s_opened.AddHours(13)), (reopened.State, reopened.Elapsed, reopened.DueAt));
    }

    [Fact]
    public void Refreshing_flags_the_warning_and_the_breach_once_each_with_a_timeline_line()
    {
        var incident = Incident();

        var within = IncidentSla.Refresh(incident, s_settings, s_opened.AddMinutes(5));
        var warned = IncidentSla.Refresh(incident, s_settings, s_opened.AddMinutes(12));
        var warnedAgain = IncidentSla.Refresh(incident, s_settings, s_opened.AddMinutes(13));
        var breached = IncidentSla.Refresh(incident, s_settings, s_opened.AddMinutes(16));
        var breachedAgain = IncidentSla.Refresh(incident, s_settings, s_opened.AddMinutes(30));

        Assert.Equal((true, true, false, true, false), (within, warned, warnedAgain, breached, breachedAgain));
        Assert.Equal(["sla-warning", "sla-breached"], incident.Events.Select(e => e.Kind));
        Assert.All(incident.Events, e => Assert.StartsWith("Response SLA", e.Message, StringComparison.Ordinal));
        Assert.Equal((s_opened.AddMinutes(12), s_opened.AddMinutes(15)), (incident.ResponseWarnedAt, incident.ResponseBreachedAt));
        Assert.Equal((SlaState.Breached, SlaState.Within), (incident.ResponseSla, incident.ResolutionSla));
    }

    [Fact]
    public void The_worse_clock_stands_for_the_incident()
    {
        Assert.Equal(SlaState.Breached, IncidentSla.Worst(SlaState.Met, SlaState.Breached));
        Assert.Equal(SlaState.Warning, IncidentSla.Worst(SlaState.Warning, SlaState.Within));
        Assert.Equal(SlaState.Within, IncidentSla.Worst(SlaState.Met, SlaState.Within));
        Assert.Equal(SlaState.Met, IncidentSla.Worst(SlaState.Met, SlaState.Met));
    }
}
