using Guardrail.Core.Persistence;

namespace Guardrail.Core.Tests.Persistence;

public sealed class SqliteUtcTimeTextTests
{
    [Theory]
    [InlineData("2026-11-27 09:30:00", 0)]
    [InlineData("2026-11-27 09:30:00.5", 5_000_000)]
    [InlineData("2026-11-27 09:30:00.0000001", 1)]
    [InlineData("2026-11-27 09:30:00.123456", 1_234_560)]
    public void Reads_the_text_EF_Core_writes_to_the_tick(string text, long fractionTicks)
    {
        var time = SqliteUtcTimeText.FromText(text);

        Assert.Equal(new DateTime(2026, 11, 27, 9, 30, 0, DateTimeKind.Utc).AddTicks(fractionTicks), time);
        Assert.Equal(DateTimeKind.Utc, time.Kind);
        Assert.Equal(text, SqliteUtcTimeText.ToText(time));
    }

    [Fact]
    public void Writes_the_format_of_EF_Core_s_SQLite_provider_so_stored_times_compare_as_before()
    {
        var time = new DateTime(2026, 3, 29, 1, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999);

        Assert.Equal("2026-03-29 01:59:59.9999999", SqliteUtcTimeText.ToText(time));
        Assert.Equal("2026-03-29 02:00:00", SqliteUtcTimeText.ToText(time.AddTicks(1)));
    }

    [Theory]
    [InlineData("2026-11-27T09:30:00Z")]
    [InlineData("2026-11-27T10:30:00+01:00")]
    [InlineData("2026-11-27 09:30")]
    public void Reads_other_tools_text_by_the_general_parser_as_UTC_unless_it_names_an_offset(string text) =>
        Assert.Equal(new DateTime(2026, 11, 27, 9, 30, 0, DateTimeKind.Utc), SqliteUtcTimeText.FromText(text));

    [Theory]
    [InlineData("2026-02-30 09:30:00")]
    [InlineData("not a time")]
    public void Refuses_text_that_is_no_time(string text) =>
        Assert.Throws<FormatException>(() => SqliteUtcTimeText.FromText(text));
}
