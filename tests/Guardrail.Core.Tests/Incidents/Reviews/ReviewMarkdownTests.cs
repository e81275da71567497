using Guardrail.Core.Access;
using Guardrail.Core.Incidents;
using Guardrail.Core.Incidents.Reviews;
using Guardrail.Core.ServiceCatalog;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Guardrail.Core.Tests.Incidents.Reviews;

/// <summary>The Markdown export, read back the way a renderer reads it (Markdig with GitHub's extensions).</summary>
public sealed class ReviewMarkdownTests
{
    /// <summary>Everything Markdown or HTML could make of text: blocks, inline syntax, raw HTML, entities, links and tables.</summary>
    private const string Hostile =
        "# Not a heading\n- not a list\n> not a quote\n1. not numbered\n===\n---\n    not code\n```\nnot fenced\n```\n"
        + "<script>alert(1)</script> <b>bold</b> &lt;entity&gt; **strong** _em_ ~~struck~~ `code` [link](https://evil.example) "
        + "![image](https://evil.example/x.png) <https://evil.example> www.evil.example | a | b | \\ end\\";

    private static readonly DateTime s_started = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    private static readonly MarkdownPipeline s_gitHubLike = new MarkdownPipelineBuilder()
        .UsePipeTables().UseAutoLinks().UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough).UseTaskLists().Build();

    [Fact]
    public void User_text_with_markdown_and_html_reads_as_typed_and_never_adds_structure()
    {
        var markdown = ReviewMarkdown.Write(Detail(Hostile), new DateOnly(2026, 11, 26));
        var document = Markdown.Parse(markdown, s_gitHubLike);

        Assert.Equal(
            [(1, $"Post-incident review: INC-7 {Flat(Hostile)}"), (2, "Summary"), (2, "Impact"), (2, "Contributing factors"), (2, "What went well"),
             (2, "What was hard"), (2, "Lessons"), (2, "Follow-up actions"), (2, "Timeline")],
            document.Descendants<HeadingBlock>().Select(h => (h.Level, Text(h.Inline))));
        Assert.Empty(document.Descendants<HtmlBlock>());
        Assert.Empty(document.Descendants<QuoteBlock>());
        Assert.Empty(document.Descendants<CodeBlock>());
        Assert.Empty(document.Descendants<ThematicBreakBlock>());
        Assert.Empty(document.Descendants<HtmlInline>());
        Assert.Empty(document.Descendants<HtmlEntityInline>());
        // A web address people typed may show as itself, linked; nothing they write can link a text of their own or show an image.
        Assert.All(document.Descendants<LinkInline>(), link => Assert.True(link.IsAutoLink && !link.IsImage, link.Url));
        Assert.Empty(document.Descendants<AutolinkInline>());
        Assert.Empty(document.Descendants<CodeInline>());
        // The only emphasis is the export's own: each factor's kind in bold.
        Assert.Equal(["capacity", "detection"], document.Descendants<EmphasisInline>().Select(e => Text(e)));

        Assert.Equal([2, 2, 2, 1], document.Descendants<ListBlock>().Select(l => l.Count));
        Assert.All(document.Descendants<ListBlock>(), list => Assert.False(list.IsOrdered));
        var tables = document.Descendants<Table>().ToList();
        Assert.Equal([11, 3, 5], tables.Select(t => t.Count));
        Assert.Equal([2, 5, 4], tables.Select(t => ((TableRow)t[0]).Count));
        Assert.All(tables, table => Assert.All(table.OfType<TableRow>(), row => Assert.Equal(((TableRow)table[0]).Count, row.Count)));

        var factor = document.Descendants<ListItemBlock>().First().Descendants<ParagraphBlock>().Single();
        Assert.Equal($"capacity: {Flat(Hostile)}", Text(factor.Inline));
        var followUp = (TableRow)tables[1][1];
        Assert.Equal(Flat(Hostile), Text(((ParagraphBlock)((TableCell)followUp[1])[0]).Inline));
        var timeline = (TableRow)tables[2][1];
        Assert.StartsWith(Flat(Hostile), Text(((ParagraphBlock)((TableCell)timeline[2])[0]).Inline), StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_keeps_its_paragraphs_and_lines_as_text()
    {
        var detail = Detail("plain");
        detail.Review.Summary = "First line\n# second line\n\n  > Second paragraph";

        var document = Markdown.Parse(ReviewMarkdown.Write(detail, new DateOnly(2026, 11, 26)), s_gitHubLike);

        var summary = document.Descendants<ParagraphBlock>().Skip(1).Take(2).ToList();
        Assert.Equal(["First line\n# second line", "> Second paragraph"], summary.Select(p => Text(p.Inline)));
        Assert.Single(summary[0].Inline!.Descendants<LineBreakInline>(), b => b.IsHard);
    }

    [Fact]
    public void The_export_measures_the_impact_and_lists_the_review_in_order()
    {
        var markdown = ReviewMarkdown.Write(Detail("Checkout returned errors"), new DateOnly(2026, 11, 26));

        Assert.Contains("| Time to detect (impact start to logged) | 5 min |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Time to acknowledge (logged to acknowledged) | 10 min |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Time to restore from impact start | 1 h 35 min |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Time to restore from logged | 1 h 30 min |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Affected services | Payments API (payments-api) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Business services | Online banking (online-banking) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 31 | Checkout returned errors | Ana Lima (user ana) | 2026-11-25 | open (overdue) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 32 | Checkout returned errors | Payments (team payments) | 2026-11-30 | done: Checkout returned errors |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 2026-11-20 09:05:00 | incident opened | Checkout returned errors (user:ana) | INC-7 |", markdown, StringComparison.Ordinal);
        Assert.True(markdown.IndexOf("## Summary", StringComparison.Ordinal) < markdown.IndexOf("## Timeline", StringComparison.Ordinal));
    }

    /// <summary>Text on one line, as the export writes it: line breaks become spaces.</summary>
    private static string Flat(string text) => text.Replace('\n', ' ').Trim();

    private static string Text(ContainerInline? inline) =>
        inline is null ? "" : string.Concat(inline.Descendants<LiteralInline>().Select(l => l.Content.ToString()).Zip(
            inline.Descendants<LiteralInline>().Select(l => l.NextSibling is LineBreakInline ? "\n" : ""), (text, tail) => text + tail));

    private static ReviewDetail Detail(string text)
    {
        var business = new Service { Id = 1, Key = "online-banking", Name = "Online banking", Kind = ServiceKind.Business };
        var payments = new Service { Id = 2, Key = "payments-api", Name = "Payments API", Kind = ServiceKind.Technical, BusinessServiceId = 1, BusinessService = business };
        var incident = new Incident
        {
            Id = 7, Title = text, ReporterName = "ana", Priority = IncidentPriority.P1, IsMajor = true, State = IncidentState.Resolved,
            StartedAt = s_started, OpenedAt = s_started.AddMinutes(5), AcknowledgedAt = s_started.AddMinutes(15), ResolvedAt = s_started.AddMinutes(95),
        };
        var review = new IncidentReview
        {
            Id = 3, IncidentId = 7, Incident = incident, State = ReviewState.Draft, DraftedBy = text, Summary = text, ImpactNotes = text,
            LookBack = TimeSpan.FromHours(24), CreatedAt = s_started.AddHours(2),
            ContributingFactors = ReviewContent.Write([new ContributingFactor(FactorKind.Capacity, text), new ContributingFactor(FactorKind.Detection, "Alerts came late.")]),
            WentWell = ReviewContent.Write([text, "Rollback was quick."]),
            WasHard = ReviewContent.Write([text, "Dashboards were slow."]),
            Lessons = ReviewContent.Write([text]),
        };
        var impact = new ReviewImpact(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(95), TimeSpan.FromMinutes(90), [payments], [business]);
        FollowUp[] followUps =
        [
            new() { Id = 31, ReviewId = 3, IncidentId = 7, Description = text, CreatedBy = "user:ana", DueOn = new DateOnly(2026, 11, 25),
                OwnerUser = new UserAccount { UserName = "ana", DisplayName = "Ana Lima", PasswordHash = "x" } },
            new() { Id = 32, ReviewId = 3, IncidentId = 7, Description = text, CreatedBy = "user:ana", DueOn = new DateOnly(2026, 11, 30), State = FollowUpState.Done,
                Outcome = text, OwnerTeam = new Team { Key = "payments", Name = "Payments" } },
        ];
        ReviewTimelineEntry[] timeline =
        [
            new(s_started.AddMinutes(5), "incident", "opened", text, "user:ana", "INC-7", "/incidents/INC-7"),
            new(s_started.AddMinutes(6), "alert", "fired", "Alert fired: 5xx", "alertmanager", "alertmanager:abc", null),
            new(s_started.AddMinutes(95), "incident", "resolved", "Resolved.", "user:ana", "INC-7", "/incidents/INC-7"),
            new(s_started.AddMinutes(96), "change", "outcome", "CHG-1 Roll back: Outcome: rolled-back.", "user:ana", "CHG-1", "/changes/CHG-1"),
        ];
        return new ReviewDetail(review, incident, impact, timeline, followUps);
    }
}
