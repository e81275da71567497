using Guardrail.Core.Common;

namespace Guardrail.Core.Tests.Common;

public class PageRequestTests
{
    [Fact]
    public void No_limit_and_no_cursor_means_the_first_page_of_fifty()
    {
        var parsed = PageRequest.Parse(null, null);

        Assert.True(parsed.Succeeded);
        Assert.Equal(50, parsed.Value.Limit);
        Assert.Equal(0, parsed.Value.AfterId);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(500)]
    public void Limits_from_one_to_five_hundred_are_accepted(int limit)
    {
        var parsed = PageRequest.Parse(limit, null);

        Assert.True(parsed.Succeeded);
        Assert.Equal(limit, parsed.Value.Limit);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(501)]
    public void A_limit_out_of_range_is_a_validation_error_on_limit(int limit)
    {
        var parsed = PageRequest.Parse(limit, null);

        Assert.False(parsed.Succeeded);
        Assert.Equal("validation.failed", parsed.Error.Code);
        Assert.Equal(ErrorKind.Validation, parsed.Error.Kind);
        Assert.NotNull(parsed.Error.Fields);
        Assert.Equal(["limit"], parsed.Error.Fields.Keys);
    }

    [Theory]
    [InlineData("not a cursor!")]
    [InlineData("aWQ6")] // "id:" with no number
    [InlineData("aWQ6MA")] // "id:0"
    [InlineData("eDo0Mg")] // "x:42"
    public void A_cursor_this_server_did_not_issue_is_refused(string cursor)
    {
        var parsed = PageRequest.Parse(10, cursor);

        Assert.False(parsed.Succeeded);
        Assert.Equal("paging.invalid_cursor", parsed.Error.Code);
        Assert.Equal(ErrorKind.Validation, parsed.Error.Kind);
        Assert.NotNull(parsed.Error.Fields);
        Assert.Contains("cursor", parsed.Error.Fields.Keys);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void A_page_with_no_more_rows_has_no_cursor(int rowCount)
    {
        var request = new PageRequest(3, 0);
        var rows = Enumerable.Range(1, rowCount).Select(i => (long)i * 10).ToList();

        var page = request.ToPage(rows, id => id);

        Assert.Equal(rows, page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public void A_page_with_more_rows_is_cut_at_the_limit_and_its_cursor_resumes_after_the_last_item()
    {
        var request = new PageRequest(2, 0);
        long[] rows = [10, 20, 30];

        var page = request.ToPage(rows, id => id);

        Assert.Equal([10L, 20L], page.Items);
        Assert.NotNull(page.NextCursor);
        var next = PageRequest.Parse(2, page.NextCursor);
        Assert.True(next.Succeeded);
        Assert.Equal(20, next.Value.AfterId);
        Assert.Equal(2, next.Value.Limit);
    }
}
