using Guardrail.Core.Common;

namespace Guardrail.Core.Tests.Common;

public sealed class RecordNumberTests
{
    [Theory]
    [InlineData("CHG-42", 42)]
    [InlineData("chg-42", 42)]
    [InlineData("42", 42)]
    [InlineData(" CHG-7 ", 7)]
    public void A_change_number_is_read_with_or_without_its_prefix_in_any_case(string text, long expected)
    {
        Assert.True(RecordNumber.Change.TryParse(text, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData("INC-7", 7)]
    [InlineData("inc-7", 7)]
    [InlineData("7", 7)]
    public void An_incident_number_is_read_with_or_without_its_prefix_in_any_case(string text, long expected)
    {
        Assert.True(RecordNumber.Incident.TryParse(text, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("CHG-")]
    [InlineData("CHG-0")]
    [InlineData("CHG--1")]
    [InlineData("CHG-+5")]
    [InlineData("CHG-1x")]
    [InlineData("INC-4")]
    [InlineData("CHG-99999999999999999999")]
    public void Anything_else_is_not_a_change_number(string? text) =>
        Assert.False(RecordNumber.Change.TryParse(text, out _));

    [Fact]
    public void A_change_number_is_not_an_incident_number() =>
        Assert.False(RecordNumber.Incident.TryParse("CHG-4", out _));

    [Fact]
    public void Numbers_are_written_with_their_prefix() =>
        Assert.Equal(("CHG-42", "INC-7"), (RecordNumber.Change.Format(42), RecordNumber.Incident.Format(7)));
}
