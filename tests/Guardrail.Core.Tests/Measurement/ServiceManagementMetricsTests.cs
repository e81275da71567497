using Guardrail.Core.Changes;
using Guardrail.Core.Changes.Policy;
using Guardrail.Core.Incidents;
using Guardrail.Core.Measurement;

namespace Guardrail.Core.Tests.Measurement;

public sealed class ServiceManagementMetricsTests
{
    private static readonly DateTime s_from = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly MetricsWindow s_window = new(s_from, s_from.AddDays(30));

    private static DateTime Day(double days) => s_from.AddDays(days);

    private static IncidentFact Incident(long id, double opened, double? resolved, double? due) =>
        new(id, IncidentPriority.P2, Day(opened), Day(opened), null, resolved is { } r ? Day(r) : null, due is { } d ? Day(d) : null);

    [Fact]
    public void Sla_attainment_counts_the_incidents_whose_target_fell_in_the_window()
    {
        var metrics = new ServiceManagementMetrics(new ServiceManagementFacts(
        [
            Incident(1, 1, resolved: 1.5, due: 2),     // met
            Incident(2, 3, resolved: 5, due: 4),       // resolved after its target: missed
            Incident(3, 10, resolved: null, due: 11),  // still open past its target: missed
            Incident(4, -5, resolved: -4, due: -3),    // target before the window: not counted
            Incident(5, 29, resolved: null, due: 31),  // target after the window: not counted
        ], [], []), s_window);

        var sla = metrics.SlaAttainment();
        Assert.Equal(1.0 / 3, sla.Value!.Value, 9);
        Assert.Equal((3L, 1L, 2L), (sla.Inputs["due"], sla.Inputs["met"], sla.Inputs["missed"]));
    }

    [Fact]
    public void Change_measures_count_closed_and_decided_changes_in_the_window()
    {
        static ChangeFact Change(long id, ChangeState state, ChangeOutcome? outcome, ApprovalRoute? route, double created, double? decided, double? closed, bool receipt = false) =>
            new(id, 1, ChangeType.Normal, state, outcome, route, receipt, Day(created), decided is { } d ? Day(d) : null, closed is { } c ? Day(c) : null);
        var metrics = new ServiceManagementMetrics(new ServiceManagementFacts([],
        [
            Change(1, ChangeState.Closed, ChangeOutcome.Implemented, ApprovalRoute.Automatic, 1, 1, 2),
            Change(2, ChangeState.Closed, ChangeOutcome.Failed, ApprovalRoute.Cab, 2, 2.5, 3),
            Change(3, ChangeState.Closed, ChangeOutcome.Implemented, ApprovalRoute.ServiceOwner, 4, 4.25, 5),
            Change(4, ChangeState.Review, ChangeOutcome.Implemented, ApprovalRoute.Cab, 6, 7, null),     // decided, not closed
            Change(5, ChangeState.Closed, ChangeOutcome.Implemented, ApprovalRoute.Automatic, -3, -3, -2), // closed before the window
            Change(6, ChangeState.Implementation, null, ApprovalRoute.Automatic, 8, 8, null, receipt: true), // a receipt asks no one
        ], []), s_window);

        // Closed in the window: 1, 2 and 3, of which 2 failed.
        Assert.Equal(2.0 / 3, metrics.ChangeSuccessRate().Value!.Value, 9);
        // Decided in the window, receipts aside: 1 (automatic), 2, 3 and 4.
        Assert.Equal(0.25, metrics.AutomaticApproval().Value!.Value, 9);
        // People took 12 h (2), 6 h (3) and 24 h (4): the median is 12 h.
        var wait = metrics.ApprovalWait();
        Assert.Equal((12.0, 3L), (Math.Round(wait.Value!.Value, 9), wait.Inputs["decided-by-people"]));
        Assert.Equal(["service-owner", "cab"], wait.Parts.Select(p => p.Name));
    }

    [Fact]
    public void Satisfaction_is_the_mean_rating_and_the_response_rate_of_surveys_sent_in_the_window()
    {
        var metrics = new ServiceManagementMetrics(new ServiceManagementFacts([], [],
        [
            new(1, 1, Day(1), Day(2), 5),
            new(2, 2, Day(3), Day(3.5), 2),
            new(3, 3, Day(4), null, null),
            new(4, 4, Day(5), null, null),
            new(5, 5, Day(-1), Day(1), 1), // sent before the window
        ]), s_window);

        Assert.Equal(3.5, metrics.Satisfaction().Value!.Value, 9);
        Assert.Equal(0.5, metrics.ResponseRate().Value!.Value, 9);
    }

    [Fact]
    public void Figures_with_nothing_to_count_are_empty_not_zero()
    {
        var metrics = new ServiceManagementMetrics(new ServiceManagementFacts([], [], []), s_window);
        Assert.All(metrics.Figures(), figure => Assert.Null(figure.Value));
    }
}
