using System.CommandLine;
using System.Globalization;
using Guardrail.Contracts;

namespace Guardrail.Cli;

/// <summary><c>guardrail review …</c> and <c>guardrail followup …</c>: post-incident reviews and the actions they commit to.</summary>
internal static class ReviewCommands
{
    private const string Reviews = "api/v1/reviews";

    public static Command Review(CliContext context) =>
        new("review", "Post-incident reviews: draft one for a resolved incident, show it, export it as Markdown.")
        {
            Draft(context),
            Show(context),
            Export(context),
        };

    public static Command FollowUp(CliContext context) =>
        new("followup", "Follow-up actions of post-incident reviews, tracked to completion.")
        {
            ListFollowUps(context),
            UpdateFollowUp(context),
        };

    private static Argument<string> Reference() => new("review") { Description = "The review: its id, or its incident as INC-n." };

    private static Command Draft(CliContext context)
    {
        var incident = new Argument<string>("incident") { Description = "The resolved incident, as INC-n." };
        var command = new Command("draft", "Draft the review of a resolved incident; an incident that has one answers with it.") { incident };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var drafted = await context.Api(parse).PostAsync(Reviews, new ReviewDraftRequest(parse.GetValue(incident)), cancellationToken);
            return Output.Answer<ReviewDetailResponse>(context, parse, drafted, detail =>
                context.Out.WriteLine($"{(drafted.Status == System.Net.HttpStatusCode.Created ? "Drafted" : "Already drafted:")} review {detail.Review.Id} of {detail.Review.Incident} ({detail.Review.State})."));
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var reference = Reference();
        var command = new Command("show", "Show a review: its template, the measured impact, the timeline and the follow-ups.") { reference };
        command.SetAction(async (parse, cancellationToken) =>
            Output.Answer<ReviewDetailResponse>(context, parse, await context.Api(parse).GetAsync(PathOf(parse.GetValue(reference)!), cancellationToken), detail =>
                Print(context, detail)));
        return command;
    }

    private static Command Export(CliContext context)
    {
        var reference = Reference();
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the Markdown to this file instead of standard output." };
        var command = new Command("export", "Export a review as a Markdown document.") { reference, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var exported = await context.Api(parse).GetAsync($"{PathOf(parse.GetValue(reference)!)}.md", cancellationToken);
            if (!exported.Succeeded)
                return exported.ExitCode;
            var markdown = exported.Body?.GetValue<string>() ?? "";
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, markdown, cancellationToken);
                await context.Out.WriteLineAsync($"Wrote {file.FullName}.");
            }
            else
                await context.Out.WriteAsync(markdown);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListFollowUps(CliContext context)
    {
        var overdue = new Option<bool>("--overdue") { Description = "Only the open follow-ups past their due day (UTC)." };
        var state = new Option<string?>("--state") { Description = "open, done or cancelled." };
        var owner = new Option<string?>("--owner") { Description = "Only this owner's: a user name or a team key." };
        var incident = new Option<string?>("--incident") { Description = "Only the follow-ups of this incident's review (INC-n)." };
        var limit = new Option<int?>("--limit") { Description = "At most this many, newest first (default: all)." };
        var command = new Command("list", "List follow-ups across every review, newest first.") { overdue, state, owner, incident, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = ApiClient.WithQuery("api/v1/follow-ups", ("overdue", parse.GetValue(overdue) ? "true" : null), ("state", parse.GetValue(state)),
                ("owner", parse.GetValue(owner)), ("incident", parse.GetValue(incident)));
            return await Output.ListAsync<FollowUpResponse>(context, parse, path, parse.GetValue(limit), followUps =>
                Output.Table(context, followUps,
                    new Column<FollowUpResponse>("ID", f => f.Id.ToString(CultureInfo.InvariantCulture)),
                    new("INCIDENT", f => f.Incident),
                    new("DUE", f => f.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    new("STATE", f => f.Overdue ? $"{f.State} (overdue)" : f.State),
                    new("OWNER", f => $"{f.Owner.Kind} {f.Owner.Key}"),
                    new("ACTION", f => f.Description)), cancellationToken);
        });
        return command;
    }

    /// <summary>Marks a follow-up done, cancelled or open again, or edits it; made with the version just read.</summary>
    private static Command UpdateFollowUp(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The follow-up's id." };
        var state = new Option<string?>("--state") { Description = "done, cancelled or open." };
        state.AcceptOnlyFromAmong("open", "done", "cancelled");
        var outcome = new Option<string?>("--outcome") { Description = "What came of it: what was done, or why it was cancelled." };
        var due = new Option<DateOnly?>("--due") { Description = "A new due day (UTC), as 2026-12-31." };
        var description = new Option<string?>("--description") { Description = "What is to be done." };
        var command = new Command("update", "Mark a follow-up done, cancelled or open again, or change what it says or when it is due.") { id, state, outcome, due, description };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var api = context.Api(parse);
            var path = $"api/v1/follow-ups/{parse.GetValue(id).ToString(CultureInfo.InvariantCulture)}";
            var current = await api.GetAsync(path, cancellationToken);
            if (!current.Succeeded)
                return current.ExitCode;
            var followUp = current.Read<FollowUpResponse>();
            var request = new FollowUpRequest(
                parse.GetValue(description) ?? followUp.Description,
                followUp.Owner.Kind == "user" ? followUp.Owner.Key : null, followUp.Owner.Kind == "team" ? followUp.Owner.Key : null,
                parse.GetValue(due) ?? followUp.Due, parse.GetValue(state) ?? followUp.State, parse.GetValue(outcome) ?? followUp.Outcome, followUp.Version);
            return Output.Answer<FollowUpResponse>(context, parse, await api.PutAsync(path, request, cancellationToken), updated =>
                context.Out.WriteLine($"Follow-up {updated.Id} is {updated.State}{(updated.Overdue ? " and overdue" : "")}."));
        });
        return command;
    }

    private static void Print(CliContext context, ReviewDetailResponse detail)
    {
        var review = detail.Review;
        var impact = detail.Impact;
        context.Out.WriteLine($"Review {review.Id} of {review.Incident}: {review.IncidentTitle}");
        Output.Facts(context,
            ("state", review.State),
            ("priority", review.MajorIncident ? $"{review.IncidentPriority}, major" : review.IncidentPriority),
            ("impact started", Output.Time(impact.StartedAt)),
            ("restored", Output.Time(impact.ResolvedAt)),
            ("time to acknowledge", Duration(impact.TimeToAcknowledgeSeconds)),
            ("time to restore", Duration(impact.TimeToRestoreFromStartSeconds) is { } fromStart ? $"{fromStart} from impact start, {Duration(impact.TimeToRestoreFromOpenedSeconds)} from logged" : null),
            ("services", string.Join(", ", impact.Services.Select(s => s.Key))),
            ("business services", impact.BusinessServices.Count == 0 ? null : string.Join(", ", impact.BusinessServices.Select(s => s.Key))),
            ("published", Output.Time(review.PublishedAt)),
            ("next", detail.AllowedTransitions.Count == 0 ? null : string.Join(", ", detail.AllowedTransitions)),
            ("version", review.Version.ToString(CultureInfo.InvariantCulture)));
        Section(context, "Summary", detail.Summary is null ? [] : [detail.Summary]);
        Section(context, "Impact", detail.ImpactNotes is null ? [] : [detail.ImpactNotes]);
        Section(context, "Contributing factors", [.. detail.ContributingFactors.Select(f => $"- {f.Kind}: {f.Description}")]);
        Section(context, "What went well", [.. detail.WentWell.Select(item => $"- {item}")]);
        Section(context, "What was hard", [.. detail.WasHard.Select(item => $"- {item}")]);
        Section(context, "Lessons", [.. detail.Lessons.Select(item => $"- {item}")]);
        context.Out.WriteLine();
        context.Out.WriteLine(detail.FollowUps.Count == 0 ? "Follow-ups: none" : "Follow-ups");
        if (detail.FollowUps.Count > 0)
            Output.Table(context, detail.FollowUps,
                new Column<FollowUpResponse>("ID", f => f.Id.ToString(CultureInfo.InvariantCulture)),
                new("DUE", f => f.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                new("STATE", f => f.Overdue ? $"{f.State} (overdue)" : f.State),
                new("OWNER", f => $"{f.Owner.Kind} {f.Owner.Key}"),
                new("ACTION", f => f.Description));
        context.Out.WriteLine();
        context.Out.WriteLine("Timeline");
        Output.Table(context, detail.Timeline,
            new Column<ReviewTimelineEntryResponse>("AT", e => Output.Time(e.At)),
            new("SOURCE", e => $"{e.Source} {e.Kind}"),
            new("RECORD", e => e.Reference),
            new("WHAT", e => e.Text));
    }

    private static void Section(CliContext context, string heading, IReadOnlyList<string> lines)
    {
        context.Out.WriteLine();
        context.Out.WriteLine(heading);
        if (lines.Count == 0)
            context.Out.WriteLine("  (not written yet)");
        foreach (var line in lines)
            context.Out.WriteLine(line);
    }

    private static string? Duration(long? seconds) => seconds switch
    {
        null => null,
        < 3600 => $"{seconds / 60} min",
        < 86_400 => $"{seconds / 3600} h {seconds % 3600 / 60:00} min",
        _ => $"{seconds / 86_400} d {seconds % 86_400 / 3600} h",
    };

    private static string PathOf(string reference) => $"{Reviews}/{Uri.EscapeDataString(reference)}";
}
