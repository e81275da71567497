using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.Renderer;
using DiffChange = DiffPlex.DiffBuilder.Model.ChangeType;

namespace Guardrail.Core.Changes.Policy;

/// <summary>One line of a policy diff: <see cref="Op"/> is ' ' (unchanged), '+' (added) or '-' (removed).</summary>
public sealed record PolicyDiffLine(char Op, int? OldLine, int? NewLine, string Text);

/// <summary>Line diffs between two versions of a policy document.</summary>
public static class PolicyDiff
{
    public static IReadOnlyList<PolicyDiffLine> Lines(string oldYaml, string newYaml)
    {
        var diff = InlineDiffBuilder.Diff(WithoutFinalNewline(oldYaml), WithoutFinalNewline(newYaml), ignoreWhiteSpace: false);
        var lines = new List<PolicyDiffLine>();
        var oldLine = 0;
        var newLine = 0;
        foreach (var piece in diff.Lines)
        {
            lines.Add(piece.Type switch
            {
                DiffChange.Inserted => new PolicyDiffLine('+', null, ++newLine, piece.Text),
                DiffChange.Deleted => new PolicyDiffLine('-', ++oldLine, null, piece.Text),
                _ => new PolicyDiffLine(' ', ++oldLine, ++newLine, piece.Text),
            });
        }
        return lines;
    }

    /// <summary>The newline that ends the last line does not start another, empty one.</summary>
    private static string WithoutFinalNewline(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;

    /// <summary>A unified diff with <c>---</c>/<c>+++</c> headers and 3 lines of context.</summary>
    public static string Unified(string oldYaml, string newYaml, string oldName = "a/policy.yaml", string newName = "b/policy.yaml") =>
        new UnidiffRenderer(Differ.Instance, 3).Generate(oldYaml, newYaml, oldName, newName, false, false);
}
