using System.Text.Json;
using Guardrail.Core.Integrations.Normalisation;

namespace Guardrail.Core.Tests.Integrations.Normalisation;

public class DeliveryTimestampTests
{
    private static bool TryParseJson(string text, out DateTimeOffset value)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(text));
        return DeliveryTimestamp.TryParse(document.RootElement, out value);
    }

    [Theory]
    [InlineData("2013-12-03T17:23:34Z", "2013-12-03T17:23:34+00:00")]
    [InlineData("2021-02-23T02:41:37.886Z", "2021-02-23T02:41:37.886+00:00")]
    [InlineData("2019-11-26T02:01:12-05:00", "2019-11-26T02:01:12-05:00")]
    [InlineData("2015-04-22 16:33:38 UTC", "2015-04-22T16:33:38+00:00")]
    [InlineData("2021-04-28 21:50:00 +0200", "2021-04-28T21:50:00+02:00")]
    [InlineData("2021-04-28 21:50:00 -0330", "2021-04-28T21:50:00-03:30")]
    public void The_formats_tools_send_keep_their_offset(string text, string expected)
    {
        var wanted = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(DeliveryTimestamp.TryParse(text, out var parsed));
        Assert.Equal(wanted, parsed);
        Assert.Equal(wanted.Offset, parsed.Offset);
        Assert.True(TryParseJson(text, out var fromJson));
        Assert.Equal(wanted, fromJson);
        Assert.Equal(wanted.Offset, fromJson.Offset);
    }

    [Fact]
    public void An_escaped_json_timestamp_is_read()
    {
        using var document = JsonDocument.Parse("\"2015-04-22 16:33:38 \\u0055TC\"");

        Assert.True(DeliveryTimestamp.TryParse(document.RootElement, out var parsed));
        Assert.Equal(new DateTimeOffset(2015, 4, 22, 16, 33, 38, TimeSpan.Zero), parsed);
    }

    [Theory]
    [InlineData("2013-12-03T17:23:34")]
    [InlineData("2013-12-03T17:23:34.1234567")]
    [InlineData("2015-04-22 16:33:38")]
    [InlineData("2015-04-22")]
    [InlineData("03/12/2013 17:23:34 +0000")]
    [InlineData("")]
    public void A_time_without_a_zone_or_in_another_format_is_refused(string text)
    {
        Assert.False(DeliveryTimestamp.TryParse(text, out _));
        Assert.False(TryParseJson(text, out _));
    }
}
