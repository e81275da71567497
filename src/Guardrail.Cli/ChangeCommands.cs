using System.CommandLine;
using System.Globalization;
using Guardrail.Contracts;

namespace Guardrail.Cli;

/// <summary><c>guardrail change …</c>: change records from request to closure, their votes and the change calendar.</summary>
internal static class ChangeCommands
{
    private const string Changes = "api/v1/changes";

    public static Command Build(CliContext context) =>
        new("change", "Changes: request, submit, approve or reject, report the outcome; the calendar of what is planned.")
        {
            List(context),
            Show(context),
            Create(context),
            Update(context),
            Transition(context, "submit", "assessment", "Submit a requested change for assessment: the policy scores and routes it."),
            Transition(context, "cancel", "cancelled", "Cancel a change that is not being implemented yet."),
            Vote(context, "approve", "Approve a change waiting in authorisation (never your own); the token must act for a person (token create --user)."),
            Vote(context, "reject", "Reject a change waiting in authorisation; one rejection is final."),
            Outcome(context),
            Calendar(context),
        };

    private static Argument<string> Reference() => new("change") { Description = "The change, as CHG-n." };

    private static Option<string?> Comment() => new("--comment") { Description = "A comment kept on the change's timeline." };

    private static Command List(CliContext context)
    {
        var state = new Option<string?>("--state") { Description = "requested, assessment, authorisation, scheduled, implementation, review, closed, rejected or cancelled." };
        var type = new Option<string?>("--type") { Description = "standard, normal or emergency." };
        var service = new Option<string?>("--service") { Description = "Only this service's changes (its key)." };
        var environment = new Option<string?>("--environment") { Description = "Only changes to this environment (its key)." };
        var search = new Option<string?>("--search") { Description = "Words in the title or the number." };
        var limit = new Option<int?>("--limit") { Description = "At most this many, newest first (default: all)." };
        var command = new Command("list", "List changes, newest first.") { state, type, service, environment, search, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = ApiClient.WithQuery(Changes, ("state", parse.GetValue(state)), ("type", parse.GetValue(type)), ("service", parse.GetValue(service)),
                ("environment", parse.GetValue(environment)), ("search", parse.GetValue(search)));
            return await Output.ListAsync<ChangeResponse>(context, parse, path, parse.GetValue(limit), changes =>
                Output.Table(context, changes,
                    new Column<ChangeResponse>("CHANGE", c => c.Number),
                    new("STATE", c => c.Outcome is { } outcome ? $"{c.State} ({outcome})" : c.State),
                    new("TYPE", c => c.Type),
                    new("SERVICE", c => c.Service),
                    new("ENVIRONMENT", c => c.Environment),
                    new("RISK", c => c.RiskScore?.ToString(CultureInfo.InvariantCulture)),
                    new("APPROVALS", c => c.State == "authorisation" ? $"{c.Approvals} of {c.Quorum}" : null),
                    new("PLANNED", c => Output.Time(c.PlannedStart)),
                    new("TITLE", c => c.Title)), cancellationToken);
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var reference = Reference();
        var command = new Command("show", "Show a change with its risk factors, reasons, approvals, timeline and conflicts.") { reference };
        command.SetAction(async (parse, cancellationToken) =>
            Output.Answer<ChangeDetailResponse>(context, parse, await context.Api(parse).GetAsync(PathOf(parse.GetValue(reference)!), cancellationToken), detail =>
                Print(context, detail)));
        return command;
    }

    private static Command Create(CliContext context)
    {
        var title = new Option<string>("--title") { Description = "What the change does, in a line.", Required = true };
        var service = new Option<string>("--service") { Description = "The key of the service changed.", Required = true };
        var environment = new Option<string>("--environment") { Description = "The key of the environment changed.", Required = true };
        var type = new Option<string?>("--type") { Description = "normal (default) or emergency; standard is decided by the policy's models." };
        var model = new Option<string?>("--model") { Description = "The kind of change the policy's standard models match, e.g. deployment." };
        var description = new Option<string?>("--description") { Description = "What is done and why." };
        var implementer = new Option<string?>("--implementer") { Description = "Who carries it out; they may never approve it either." };
        var plannedStart = new Option<DateTime?>("--planned-start") { Description = "When it starts, UTC (e.g. 2025-07-01T20:00)." };
        var plannedEnd = new Option<DateTime?>("--planned-end") { Description = "When it ends, UTC." };
        var cis = new Option<string[]>("--ci") { Description = "A configuration item it touches (id or class/name); repeat for several.", DefaultValueFactory = _ => [] };
        var commits = new Option<string[]>("--commits") { Description = "Commit SHAs it ships.", DefaultValueFactory = _ => [], AllowMultipleArgumentsPerToken = true };
        var pullRequests = new Option<string[]>("--pull-request") { Description = "A pull request it ships, as owner/repo#12; repeat for several.", DefaultValueFactory = _ => [] };
        var repository = new Option<string?>("--repository") { Description = "The repository, as github.com/OWNER/NAME." };
        var commit = new Option<string?>("--commit") { Description = "The commit deployed (its SHA)." };
        var runUrl = new Option<string?>("--pipeline-run-url") { Description = "The pipeline run that carries it out." };
        var justification = new Option<string?>("--justification") { Description = "Why an emergency change cannot wait." };
        var command = new Command("create", "Request a change; submit it for assessment with 'change submit'.")
        {
            title, service, environment, type, model, description, implementer, plannedStart, plannedEnd, cis, commits, pullRequests,
            repository, commit, runUrl, justification,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new ChangeRequest(
                parse.GetValue(title), parse.GetValue(service), parse.GetValue(environment), parse.GetValue(type), parse.GetValue(model),
                parse.GetValue(description), null, parse.GetValue(implementer), Utc(parse.GetValue(plannedStart)), Utc(parse.GetValue(plannedEnd)),
                NullIfEmpty(parse.GetValue(cis)), NullIfEmpty(parse.GetValue(commits)), NullIfEmpty(parse.GetValue(pullRequests)),
                parse.GetValue(repository), parse.GetValue(commit), parse.GetValue(runUrl), parse.GetValue(justification));
            return Output.Answer<ChangeDetailResponse>(context, parse, await context.Api(parse).PostAsync(Changes, request, cancellationToken), detail =>
            {
                context.Out.WriteLine($"Requested {detail.Change.Number}: {detail.Change.Title} ({detail.Change.Type}, {detail.Change.State}).");
                context.Out.WriteLine($"Submit it for assessment with: guardrail change submit {detail.Change.Number}");
            });
        });
        return command;
    }

    /// <summary>Edits a requested or scheduled change: the options given replace what it says, the rest stays; made with the version just read.</summary>
    private static Command Update(CliContext context)
    {
        var reference = Reference();
        var title = new Option<string?>("--title") { Description = "What the change does, in a line." };
        var description = new Option<string?>("--description") { Description = "What is done and why." };
        var implementer = new Option<string?>("--implementer") { Description = "Who carries it out." };
        var plannedStart = new Option<DateTime?>("--planned-start") { Description = "When it starts, UTC." };
        var plannedEnd = new Option<DateTime?>("--planned-end") { Description = "When it ends, UTC." };
        var justification = new Option<string?>("--justification") { Description = "Why an emergency change cannot wait." };
        var command = new Command("update", "Edit a requested change, or a scheduled one (which is assessed again).")
        {
            reference, title, description, implementer, plannedStart, plannedEnd, justification,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var api = context.Api(parse);
            var path = PathOf(parse.GetValue(reference)!);
            var current = await api.GetAsync(path, cancellationToken);
            if (!current.Succeeded)
                return current.ExitCode;
            var detail = current.Read<ChangeDetailResponse>();
            var change = detail.Change;
            var request = new ChangeRequest(
                parse.GetValue(title) ?? change.Title, change.Service, change.Environment,
                change.Type == "emergency" ? "emergency" : "normal", change.Model,
                parse.GetValue(description) ?? detail.Description, change.Requester, parse.GetValue(implementer) ?? change.Implementer,
                Utc(parse.GetValue(plannedStart)) ?? change.PlannedStart, Utc(parse.GetValue(plannedEnd)) ?? change.PlannedEnd,
                [.. detail.Cis.Select(ci => ci.Id.ToString(CultureInfo.InvariantCulture))], detail.Commits, detail.PullRequests,
                change.Repository, change.Commit, change.PipelineRunUrl, parse.GetValue(justification) ?? detail.Justification, change.Version);
            var updated = await api.PutAsync(path, request, cancellationToken);
            return Output.Answer<ChangeDetailResponse>(context, parse, updated, edited => PrintState(context, edited));
        });
        return command;
    }

    /// <summary>A move along the transition table, made with the version just read.</summary>
    private static Command Transition(CliContext context, string verb, string to, string description)
    {
        var reference = Reference();
        var comment = Comment();
        var command = new Command(verb, description) { reference, comment };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var api = context.Api(parse);
            var path = PathOf(parse.GetValue(reference)!);
            var current = await api.GetAsync(path, cancellationToken);
            if (!current.Succeeded)
                return current.ExitCode;
            var version = current.Read<ChangeDetailResponse>().Change.Version;
            var moved = await api.PostAsync($"{path}/transitions", new ChangeTransitionRequest(to, version, parse.GetValue(comment)), cancellationToken);
            return Output.Answer<ChangeDetailResponse>(context, parse, moved, detail => PrintState(context, detail));
        });
        return command;
    }

    private static Command Vote(CliContext context, string verb, string description)
    {
        var reference = Reference();
        var comment = Comment();
        var command = new Command(verb, description) { reference, comment };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var voted = await context.Api(parse).PostAsync($"{PathOf(parse.GetValue(reference)!)}/{verb}", new VoteRequest(parse.GetValue(comment)), cancellationToken);
            return Output.Answer<ChangeDetailResponse>(context, parse, voted, detail => PrintState(context, detail));
        });
        return command;
    }

    private static Command Outcome(CliContext context)
    {
        var reference = Reference();
        var outcome = new Option<string>("--outcome") { Description = "implemented, failed or rolled-back.", Required = true };
        outcome.AcceptOnlyFromAmong("implemented", "failed", "rolled-back");
        var comment = Comment();
        var command = new Command("outcome", "Report how the implementation went: implemented closes the change, failed or rolled-back opens its review.") { reference, outcome, comment };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new ChangeOutcomeRequest(parse.GetValue(outcome), parse.GetValue(comment));
            var reported = await context.Api(parse).PostAsync($"{PathOf(parse.GetValue(reference)!)}/outcome", request, cancellationToken);
            return Output.Answer<ChangeDetailResponse>(context, parse, reported, detail => PrintState(context, detail));
        });
        return command;
    }

    private static Command Calendar(CliContext context)
    {
        var from = new Option<DateTime?>("--from") { Description = "From this day or time, UTC (default: today)." };
        var to = new Option<DateTime?>("--to") { Description = "Up to this day or time, UTC (default: four weeks after --from)." };
        var service = new Option<string?>("--service") { Description = "Only this service's changes." };
        var environment = new Option<string?>("--environment") { Description = "Only changes to this environment, and its windows." };
        var command = new Command("calendar", "Planned changes and the policy's freeze, blackout and maintenance windows, with conflicts.") { from, to, service, environment };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = ApiClient.WithQuery("api/v1/change-calendar", ("from", Iso(parse.GetValue(from))), ("to", Iso(parse.GetValue(to))),
                ("service", parse.GetValue(service)), ("environment", parse.GetValue(environment)));
            return Output.Answer<CalendarResponse>(context, parse, await context.Api(parse).GetAsync(path, cancellationToken), calendar =>
            {
                context.Out.WriteLine($"From {Output.Time(calendar.From)} to {Output.Time(calendar.To)}");
                Output.Table(context, calendar.Entries,
                    new Column<CalendarEntryResponse>("START", e => Output.Time(e.Start)),
                    new("END", e => Output.Time(e.End)),
                    new("KIND", e => e.Kind),
                    new("CHANGE", e => e.Change),
                    new("STATE", e => e.State),
                    new("SERVICE", e => e.Service),
                    new("ENVIRONMENT", e => e.Environment),
                    new("TITLE", e => e.Title));
                PrintConflicts(context, calendar.Conflicts);
            });
        });
        return command;
    }

    private static void Print(CliContext context, ChangeDetailResponse detail)
    {
        var change = detail.Change;
        context.Out.WriteLine($"{change.Number}: {change.Title}");
        Output.Facts(context,
            ("state", change.State),
            ("outcome", change.Outcome),
            ("type", change.StandardModel is { } standard ? $"{change.Type} (model {standard})" : change.Type),
            ("service", change.Service),
            ("environment", change.EnvironmentTier is { } tier ? $"{change.Environment} ({tier})" : change.Environment),
            ("requester", change.Requester),
            ("implementer", change.Implementer),
            ("planned", change.PlannedStart is null ? null : $"{Output.Time(change.PlannedStart)} to {Output.Time(change.PlannedEnd)}"),
            ("repository", change.Repository),
            ("commit", change.Commit),
            ("pipeline run", change.PipelineRunUrl),
            ("risk", change.RiskScore?.ToString(CultureInfo.InvariantCulture)),
            ("route", change.Route),
            ("approvals", change.Route is null ? null : $"{change.Approvals} of {change.Quorum}"),
            ("approval expires", Output.Time(change.ApprovalExpiresAt)),
            ("policy version", change.PolicyVersion?.ToString(CultureInfo.InvariantCulture)),
            ("receipt", change.IsReceipt ? "yes: recorded without gating" : null),
            ("justification", detail.Justification),
            ("evidence", detail.Evidence.Count == 0 ? null : string.Join(", ", detail.Evidence.Select(e => $"{e.Key}={e.Value}"))),
            ("commits", detail.Commits.Count == 0 ? null : string.Join(", ", detail.Commits.Select(Output.ShortSha))),
            ("pull requests", detail.PullRequests.Count == 0 ? null : string.Join(", ", detail.PullRequests)),
            ("CIs", detail.Cis.Count == 0 ? null : string.Join(", ", detail.Cis.Select(ci => $"{ci.Class}/{ci.Name}"))),
            ("next", detail.AllowedTransitions.Count == 0 ? null : string.Join(", ", detail.AllowedTransitions)),
            ("version", change.Version.ToString(CultureInfo.InvariantCulture)));
        if (detail.Description is not null)
        {
            context.Out.WriteLine();
            context.Out.WriteLine(detail.Description);
        }
        if (detail.RiskFactors.Count > 0)
        {
            context.Out.WriteLine();
            context.Out.WriteLine("Risk factors");
            GateCommands.PrintFactors(context, detail.RiskFactors);
        }
        if (detail.Reasons.Count > 0)
        {
            context.Out.WriteLine();
            context.Out.WriteLine("Reasons");
            foreach (var reason in detail.Reasons)
                context.Out.WriteLine($"  - {reason}");
        }
        context.Out.WriteLine();
        context.Out.WriteLine(detail.Approvals.Count == 0 ? "Approvals: none" : "Approvals");
        if (detail.Approvals.Count > 0)
            Output.Table(context, detail.Approvals,
                new Column<ApprovalResponse>("VOTE", a => a.Vote),
                new("BY", a => a.OnBehalfOf is { } onBehalfOf ? $"{a.Approver} for {onBehalfOf}" : a.Approver),
                new("CHANNEL", a => a.Channel),
                new("AT", a => Output.Time(a.At)),
                new("COMMENT", a => a.Comment));
        context.Out.WriteLine();
        context.Out.WriteLine("Timeline");
        Output.Table(context, detail.Timeline,
            new Column<ChangeEventResponse>("AT", e => Output.Time(e.At)),
            new("BY", e => e.Actor),
            new("WHAT", e => e.Kind),
            new("MESSAGE", e => e.Message));
        PrintConflicts(context, detail.Conflicts);
        if (detail.ReviewNotes is not null)
        {
            context.Out.WriteLine();
            context.Out.WriteLine("Review");
            context.Out.WriteLine(detail.ReviewNotes);
        }
    }

    private static void PrintState(CliContext context, ChangeDetailResponse detail)
    {
        var change = detail.Change;
        var approvals = change.State == "authorisation" ? $", {change.Approvals} of {change.Quorum} approvals" : "";
        context.Out.WriteLine($"{change.Number} is {change.State}{(change.Outcome is { } outcome ? $" ({outcome})" : "")}{approvals}.");
        foreach (var reason in detail.Reasons)
            context.Out.WriteLine($"  - {reason}");
    }

    private static void PrintConflicts(CliContext context, IReadOnlyList<ChangeConflictResponse> conflicts)
    {
        if (conflicts.Count == 0)
            return;
        context.Out.WriteLine();
        context.Out.WriteLine("Conflicts");
        Output.Table(context, conflicts,
            new Column<ChangeConflictResponse>("CHANGE", c => c.Change),
            new("WITH", c => $"{c.OtherChange} {c.OtherTitle}"),
            new("OVERLAP", c => $"{Output.Time(c.OverlapStart)} to {Output.Time(c.OverlapEnd)}"),
            new("WHY", c => c.Reason));
    }

    private static string PathOf(string reference) => $"{Changes}/{Uri.EscapeDataString(reference)}";

    /// <summary>Times on the command line are UTC, whatever the machine's zone.</summary>
    private static DateTime? Utc(DateTime? time) => time switch
    {
        null => null,
        { Kind: DateTimeKind.Unspecified } unspecified => DateTime.SpecifyKind(unspecified, DateTimeKind.Utc),
        { } given => given.ToUniversalTime(),
    };

    private static string? Iso(DateTime? time) => Utc(time)?.ToString("o", CultureInfo.InvariantCulture);

    private static string[]? NullIfEmpty(string[]? values) => values is { Length: > 0 } ? values : null;
}
