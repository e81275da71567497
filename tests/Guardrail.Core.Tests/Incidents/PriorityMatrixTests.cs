using Guardrail.Core.Incidents;

namespace Guardrail.Core.Tests.Incidents;

public sealed class PriorityMatrixTests
{
    [Theory]
    [InlineData(IncidentImpact.High, IncidentUrgency.High, IncidentPriority.P1)]
    [InlineData(IncidentImpact.High, IncidentUrgency.Medium, IncidentPriority.P2)]
    [InlineData(IncidentImpact.Medium, IncidentUrgency.High, IncidentPriority.P2)]
    [InlineData(IncidentImpact.High, IncidentUrgency.Low, IncidentPriority.P3)]
    [InlineData(IncidentImpact.Medium, IncidentUrgency.Medium, IncidentPriority.P3)]
    [InlineData(IncidentImpact.Low, IncidentUrgency.High, IncidentPriority.P3)]
    [InlineData(IncidentImpact.Medium, IncidentUrgency.Low, IncidentPriority.P4)]
    [InlineData(IncidentImpact.Low, IncidentUrgency.Medium, IncidentPriority.P4)]
    [InlineData(IncidentImpact.Low, IncidentUrgency.Low, IncidentPriority.P5)]
    public void The_default_matrix_is_itils_three_by_three(IncidentImpact impact, IncidentUrgency urgency, IncidentPriority expected) =>
        Assert.Equal(expected, IncidentSettings.Default.PriorityOf(impact, urgency));

    [Fact]
    public void A_configured_matrix_decides_instead_of_the_default()
    {
        var everythingUrgent = IncidentSettings.Default with
        {
            PriorityMatrix = [.. IncidentSettings.Default.PriorityMatrix.Select(cell => cell with { Priority = cell.Urgency == IncidentUrgency.High ? IncidentPriority.P1 : IncidentPriority.P4 })],
        };

        Assert.Equal(IncidentPriority.P1, everythingUrgent.PriorityOf(IncidentImpact.Low, IncidentUrgency.High));
        Assert.Equal(IncidentPriority.P4, everythingUrgent.PriorityOf(IncidentImpact.High, IncidentUrgency.Low));
        Assert.Equal((IncidentImpact.Medium, IncidentUrgency.Medium), (everythingUrgent.CellOf(IncidentPriority.P2).Impact, everythingUrgent.CellOf(IncidentPriority.P2).Urgency));
    }

    [Theory]
    [InlineData("critical", IncidentPriority.P1)]
    [InlineData("CRITICAL", IncidentPriority.P1)]
    [InlineData("P2", IncidentPriority.P2)]
    [InlineData("warning", IncidentPriority.P3)]
    [InlineData("low", IncidentPriority.P4)]
    [InlineData("something-else", IncidentPriority.P3)]
    [InlineData(null, IncidentPriority.P3)]
    public void An_alert_severity_maps_to_a_priority_and_an_unknown_one_to_the_default(string? severity, IncidentPriority expected) =>
        Assert.Equal(expected, IncidentSettings.Default.PriorityOfSeverity(severity));

    [Fact]
    public void An_alerts_priority_takes_the_highest_impact_cell_that_gives_it() =>
        Assert.Equal(new PriorityCell(IncidentImpact.High, IncidentUrgency.Medium, IncidentPriority.P2), IncidentSettings.Default.CellOf(IncidentPriority.P2));

    [Fact]
    public void The_settings_document_reads_back_as_it_was_written()
    {
        var settings = IncidentSettings.Default with
        {
            BusinessHours = new BusinessHours("Europe/Berlin", [DayOfWeek.Monday, DayOfWeek.Saturday], new TimeOnly(8, 30), new TimeOnly(18, 0)),
            Holidays = [new Holiday(new DateOnly(2026, 12, 25), "Christmas")],
            ReopenWindow = TimeSpan.FromMinutes(90),
        };

        var document = settings.ToDocument();
        var read = IncidentSettings.Parse(document);

        Assert.Equal(document, read.ToDocument());
        Assert.Equal(new TimeOnly(8, 30), read.BusinessHours.Start);
        Assert.Equal(SlaCalendarKind.AroundTheClock, read.TargetOf(IncidentPriority.P1).Calendar);
        Assert.Contains("\"around-the-clock\"", document, StringComparison.Ordinal);
    }
}
