using Guardrail.Core.Changes.Policy;

namespace Guardrail.Core.Tests.Changes.Policy;

public class PolicyDiffTests
{
    private const string Old = "a\nb\nc\nd\ne\nf\ng\nh\n";
    private const string New = "a\nb\nc\nd\nE\nf\ng\nh\n";

    [Fact]
    public void Lines_number_both_sides_of_a_one_line_change()
    {
        var lines = PolicyDiff.Lines(Old, New);

        Assert.Equal(
        [
            new(' ', 1, 1, "a"), new(' ', 2, 2, "b"), new(' ', 3, 3, "c"), new(' ', 4, 4, "d"),
            new('-', 5, null, "e"), new('+', null, 5, "E"),
            new(' ', 6, 6, "f"), new(' ', 7, 7, "g"), new(' ', 8, 8, "h"),
        ], lines);
    }

    [Fact]
    public void The_unified_diff_has_headers_and_three_lines_of_context()
    {
        var unified = PolicyDiff.Unified(Old, New);

        Assert.Equal("--- a/policy.yaml\n+++ b/policy.yaml\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n", unified.ReplaceLineEndings("\n"));
    }
}
