using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Guardrail.Core.Common;

namespace Guardrail.Core.Incidents.Reviews;

/// <summary>
/// A review as a Markdown document (CommonMark with pipe tables). The structure (headings, lists, tables) is Guardrail's;
/// every text people or tools wrote is escaped so that it reads as it was typed and can never open a heading, a list, a
/// link, a table cell or raw HTML of its own.
/// </summary>
public static partial class ReviewMarkdown
{
    public static string Write(ReviewDetail detail, DateOnly today)
    {
        var review = detail.Review;
        var incident = detail.Incident;
        var impact = detail.Impact;
        var markdown = new StringBuilder();
        markdown.Append("# Post-incident review: ").Append(incident.Number).Append(' ').AppendLine(Inline(incident.Title)).AppendLine();
        markdown.Append("State: ").Append(WireNames.Of(review.State))
            .Append(" · Priority: ").Append(WireNames.Of(incident.Priority))
            .Append(incident.IsMajor ? " · Major incident" : "")
            .Append(" · Drafted by ").Append(Inline(review.DraftedBy)).Append(" on ").Append(Time(review.CreatedAt))
            .Append(review.PublishedAt is { } published ? $" · Published on {Time(published)}" : "")
            .AppendLine().AppendLine();

        Section(markdown, "Summary");
        Paragraphs(markdown, review.Summary);

        Section(markdown, "Impact");
        markdown.AppendLine("| Measure | Value |").AppendLine("| --- | --- |");
        Row(markdown, "Impact started", Time(incident.StartedAt));
        Row(markdown, "Logged", Time(incident.OpenedAt));
        Row(markdown, "Acknowledged", incident.AcknowledgedAt is { } acknowledged ? Time(acknowledged) : "not acknowledged");
        Row(markdown, "Service restored", incident.ResolvedAt is { } resolved ? Time(resolved) : "not restored");
        Row(markdown, "Time to detect (impact start to logged)", Duration(impact.TimeToDetect));
        Row(markdown, "Time to acknowledge (logged to acknowledged)", Duration(impact.TimeToAcknowledge));
        Row(markdown, "Time to restore from impact start", Duration(impact.TimeToRestoreFromStart));
        Row(markdown, "Time to restore from logged", Duration(impact.TimeToRestoreFromOpened));
        Row(markdown, "Affected services", impact.Services.Count == 0 ? "none recorded" : string.Join(", ", impact.Services.Select(s => $"{Cell(s.Name)} ({Cell(s.Key)})")));
        Row(markdown, "Business services", impact.BusinessServices.Count == 0 ? "none recorded" : string.Join(", ", impact.BusinessServices.Select(s => $"{Cell(s.Name)} ({Cell(s.Key)})")));
        markdown.AppendLine();
        if (!string.IsNullOrWhiteSpace(review.ImpactNotes))
            Paragraphs(markdown, review.ImpactNotes);

        Section(markdown, "Contributing factors");
        var factors = ReviewContent.FactorsOf(review);
        if (factors.Count == 0)
            markdown.AppendLine("None recorded yet.").AppendLine();
        else
            List(markdown, factors.Select(f => $"**{WireNames.Of(f.Kind)}**: {Inline(f.Description)}"));

        Section(markdown, "What went well");
        Items(markdown, ReviewContent.ItemsOf(review.WentWell));
        Section(markdown, "What was hard");
        Items(markdown, ReviewContent.ItemsOf(review.WasHard));
        Section(markdown, "Lessons");
        Items(markdown, ReviewContent.ItemsOf(review.Lessons));

        Section(markdown, "Follow-up actions");
        if (detail.FollowUps.Count == 0)
            markdown.AppendLine("None recorded yet.").AppendLine();
        else
        {
            markdown.AppendLine("| Id | Action | Owner | Due | State |").AppendLine("| --- | --- | --- | --- | --- |");
            foreach (var followUp in detail.FollowUps)
            {
                var owner = followUp.OwnerOf();
                var state = WireNames.Of(followUp.State) + (followUp.IsOverdueOn(today) ? " (overdue)" : "")
                    + (followUp.Outcome is { } outcome ? $": {Cell(outcome)}" : "");
                markdown.Append("| ").Append(followUp.Id.ToString(CultureInfo.InvariantCulture))
                    .Append(" | ").Append(Cell(followUp.Description))
                    .Append(" | ").Append(Cell(owner.Name)).Append(" (").Append(owner.Kind).Append(' ').Append(Cell(owner.Key)).Append(')')
                    .Append(" | ").Append(followUp.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                    .Append(" | ").Append(state).AppendLine(" |");
            }
            markdown.AppendLine();
        }

        Section(markdown, "Timeline");
        markdown.Append("From ").Append(Time(incident.StartedAt - review.LookBack)).Append(" (")
            .Append(Duration(review.LookBack)).AppendLine(" before the impact started) until the service was restored.").AppendLine();
        if (detail.Timeline.Count == 0)
            markdown.AppendLine("Nothing recorded.");
        else
        {
            markdown.AppendLine("| Time (UTC) | Source | What | Record |").AppendLine("| --- | --- | --- | --- |");
            foreach (var entry in detail.Timeline)
                markdown.Append("| ").Append(entry.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))
                    .Append(" | ").Append(entry.Source).Append(' ').Append(Cell(entry.Kind))
                    .Append(" | ").Append(Cell(entry.Text)).Append(entry.Actor is { } actor ? $" ({Cell(actor)})" : "")
                    .Append(" | ").Append(Cell(entry.Reference)).AppendLine(" |");
        }
        return markdown.ToString();
    }

    /// <summary>
    /// Text people wrote, for one line: every character Markdown could read as inline syntax (emphasis, code, links and
    /// images, autolinks and HTML, entities, strikethrough, table cells) is escaped anywhere, and what opens a block
    /// (a heading, a block quote, a list item, a setext underline or thematic break) is escaped at the start; line breaks
    /// become spaces and leading blanks go, so no indented code either. Escaping punctuation is always allowed in CommonMark.
    /// </summary>
    public static string Inline(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var line = new string([.. LineBreaks().Replace(text, " ").Where(c => c >= ' ')]).Trim();
        var escaped = new StringBuilder(line.Length + 16);
        if (OrderedListMarker().Match(line) is { Success: true } marker)
        {
            escaped.Append(line, 0, marker.Length - 1).Append('\\').Append(line[marker.Length - 1]);
            line = line[marker.Length..];
        }
        else if (line.Length > 0 && s_blockStart.Contains(line[0]))
        {
            escaped.Append('\\').Append(line[0]);
            line = line[1..];
        }
        foreach (var c in line)
        {
            if (s_inline.Contains(c))
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>As <see cref="Inline"/>, for a table cell (pipes are escaped everywhere already).</summary>
    public static string Cell(string? text) => Inline(text);

    private static readonly HashSet<char> s_inline = [.. @"\`*_[]<&|~"];

    private static readonly HashSet<char> s_blockStart = [.. "#>-+="];

    private static void Section(StringBuilder markdown, string heading) => markdown.Append("## ").AppendLine(heading).AppendLine();

    private static void Paragraphs(StringBuilder markdown, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            markdown.AppendLine("Not written yet.").AppendLine();
            return;
        }
        foreach (var paragraph in BlankLines().Split(text.Trim()))
        {
            var lines = LineBreaks().Split(paragraph).Select(Inline).Where(line => line.Length > 0).ToList();
            if (lines.Count == 0)
                continue;
            // A backslash at the end of a line is a hard line break: the paragraph keeps the lines it was written with.
            markdown.AppendLine(string.Join("\\\n", lines)).AppendLine();
        }
    }

    private static void Items(StringBuilder markdown, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
            markdown.AppendLine("None recorded yet.").AppendLine();
        else
            List(markdown, items.Select(Inline));
    }

    private static void List(StringBuilder markdown, IEnumerable<string> items)
    {
        foreach (var item in items)
            markdown.Append("- ").AppendLine(item);
        markdown.AppendLine();
    }

    private static void Row(StringBuilder markdown, string measure, string value) =>
        markdown.Append("| ").Append(measure).Append(" | ").Append(value).AppendLine(" |");

    private static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"2 h 05 min", "45 min", "3 d 4 h"; a dash when it is not known.</summary>
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "not known",
        { TotalMinutes: < 1 } short1 => $"{(int)short1.TotalSeconds} s",
        { TotalHours: < 1 } minutes => $"{(int)minutes.TotalMinutes} min",
        { TotalDays: < 1 } hours => $"{(int)hours.TotalHours} h {hours.Minutes:00} min",
        { } days => $"{(int)days.TotalDays} d {days.Hours} h",
    };

    [GeneratedRegex(@"\r\n|\r|\n")]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"^[0-9]{1,9}[.)]")]
    private static partial Regex OrderedListMarker();

    [GeneratedRegex(@"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*")]
    private static partial Regex BlankLines();
}
