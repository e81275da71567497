using System.CommandLine;
using System.Globalization;
using Guardrail.Contracts;

namespace Guardrail.Cli;

/// <summary><c>guardrail problem …</c>: problems and known errors, the incidents they explain, and the known-error search.</summary>
internal static class ProblemCommands
{
    private const string Problems = "api/v1/problems";

    public static Command Build(CliContext context) =>
        new("problem", "Problems and known errors: log them, record the root cause, workaround and fix, link incidents, search known errors.")
        {
            List(context),
            Show(context),
            Create(context),
            Update(context),
            Link(context),
            KnownErrors(context),
        };

    private static Argument<string> Reference() => new("problem") { Description = "The problem, as PRB-n." };

    private static Command List(CliContext context)
    {
        var state = new Option<string?>("--state") { Description = "new, under-investigation, known-error, resolved or closed." };
        var service = new Option<string?>("--service") { Description = "Only problems affecting this service (its key)." };
        var knownErrors = new Option<bool>("--known-errors") { Description = "Only known errors." };
        var incident = new Option<string?>("--incident") { Description = "Only problems explaining this incident (INC-n)." };
        var search = new Option<string?>("--search") { Description = "PRB-n, or words that must all be in the title, symptoms or workaround." };
        var limit = new Option<int?>("--limit") { Description = "At most this many, newest first (default: all)." };
        var command = new Command("list", "List problems, newest first.") { state, service, knownErrors, incident, search, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = ApiClient.WithQuery(Problems, ("state", parse.GetValue(state)), ("service", parse.GetValue(service)),
                ("knownError", parse.GetValue(knownErrors) ? "true" : null), ("incident", parse.GetValue(incident)), ("search", parse.GetValue(search)));
            return await Output.ListAsync<ProblemResponse>(context, parse, path, parse.GetValue(limit), problems =>
                Output.Table(context, problems,
                    new Column<ProblemResponse>("PROBLEM", p => p.Number),
                    new("STATE", p => p.State),
                    new("SERVICES", p => string.Join(", ", p.Services)),
                    new("INCIDENTS", p => p.Incidents.ToString(CultureInfo.InvariantCulture)),
                    new("FIX", p => p.FixChange),
                    new("UPDATED", p => Output.Time(p.UpdatedAt)),
                    new("TITLE", p => p.Title)), cancellationToken);
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var reference = Reference();
        var command = new Command("show", "Show a problem with its analysis, workaround, fix, linked incidents and timeline.") { reference };
        command.SetAction(async (parse, cancellationToken) =>
            Output.Answer<ProblemDetailResponse>(context, parse, await context.Api(parse).GetAsync(PathOf(parse.GetValue(reference)!), cancellationToken), detail =>
                Print(context, detail)));
        return command;
    }

    /// <summary>The options a problem's fields are written with, shared by create and update.</summary>
    private sealed record Fields(
        Option<string?> Description, Option<string?> Symptoms, Option<string[]> Services, Option<string?> RootCause, Option<string?> Workaround,
        Option<string?> Fix, Option<string?> FixChange, Option<string?> State)
    {
        public static Fields Create() => new(
            new("--description") { Description = "What the problem is." },
            new("--symptoms") { Description = "How it shows itself: error messages, alerts, what users see. The known-error search reads it." },
            new("--service") { Description = "A service it affects (its key); repeat for several.", DefaultValueFactory = _ => [] },
            new("--root-cause") { Description = "Why it happens, once known." },
            new("--workaround") { Description = "How to restore service meanwhile." },
            new("--fix") { Description = "The fix, in words." },
            new("--fix-change") { Description = "The change record (CHG-n) that carries the fix." },
            new("--state") { Description = "Move it too: under-investigation, known-error, resolved or closed." });

        public IEnumerable<Option> All => [Description, Symptoms, Services, RootCause, Workaround, Fix, FixChange, State];
    }

    private static Command Create(CliContext context)
    {
        var title = new Option<string>("--title") { Description = "The problem, in a line.", Required = true };
        var incidents = new Option<string[]>("--incident") { Description = "An incident it explains (INC-n); repeat for several.", DefaultValueFactory = _ => [] };
        var fields = Fields.Create();
        var command = new Command("create", "Log a problem; without --service it affects the services of its incidents.") { title, incidents };
        foreach (var option in fields.All)
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new ProblemRequest(parse.GetValue(title), parse.GetValue(fields.Description), parse.GetValue(fields.Symptoms),
                NullIfEmpty(parse.GetValue(fields.Services)), NullIfEmpty(parse.GetValue(incidents)), parse.GetValue(fields.RootCause), parse.GetValue(fields.Workaround),
                parse.GetValue(fields.Fix), parse.GetValue(fields.FixChange), parse.GetValue(fields.State));
            return Output.Answer<ProblemDetailResponse>(context, parse, await context.Api(parse).PostAsync(Problems, request, cancellationToken), detail =>
                context.Out.WriteLine($"Logged {detail.Problem.Number}: {detail.Problem.Title} ({detail.Problem.State})."));
        });
        return command;
    }

    /// <summary>Edits a problem: the options given replace what it says, the rest stays; made with the version just read.</summary>
    private static Command Update(CliContext context)
    {
        var reference = Reference();
        var title = new Option<string?>("--title") { Description = "The problem, in a line." };
        var fields = Fields.Create();
        var command = new Command("update", "Edit a problem's analysis, workaround, fix or services, and move it with --state.") { reference, title };
        foreach (var option in fields.All)
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var api = context.Api(parse);
            var path = PathOf(parse.GetValue(reference)!);
            var current = await api.GetAsync(path, cancellationToken);
            if (!current.Succeeded)
                return current.ExitCode;
            var detail = current.Read<ProblemDetailResponse>();
            var request = new ProblemRequest(
                parse.GetValue(title) ?? detail.Problem.Title, parse.GetValue(fields.Description) ?? detail.Description, parse.GetValue(fields.Symptoms) ?? detail.Symptoms,
                NullIfEmpty(parse.GetValue(fields.Services)) ?? detail.Problem.Services, null,
                parse.GetValue(fields.RootCause) ?? detail.RootCause, parse.GetValue(fields.Workaround) ?? detail.Workaround, parse.GetValue(fields.Fix) ?? detail.Fix,
                parse.GetValue(fields.FixChange) ?? detail.Problem.FixChange, parse.GetValue(fields.State), detail.Problem.Version);
            return Output.Answer<ProblemDetailResponse>(context, parse, await api.PutAsync(path, request, cancellationToken), PrintStateOf(context));
        });
        return command;
    }

    private static Command Link(CliContext context)
    {
        var reference = Reference();
        var incident = new Argument<string>("incident") { Description = "The incident, as INC-n." };
        var unlink = new Option<bool>("--unlink") { Description = "Unlink it instead." };
        var command = new Command("link", "Link an incident to a problem, or unlink it with --unlink.") { reference, incident, unlink };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var api = context.Api(parse);
            var path = PathOf(parse.GetValue(reference)!);
            var current = await api.GetAsync(path, cancellationToken);
            if (!current.Succeeded)
                return current.ExitCode;
            var version = current.Read<ProblemDetailResponse>().Problem.Version;
            var result = parse.GetValue(unlink)
                ? await api.DeleteAsync($"{path}/incidents/{Uri.EscapeDataString(parse.GetValue(incident)!)}?version={version}", cancellationToken)
                : await api.PostAsync($"{path}/incidents", new ProblemLinkRequest(parse.GetValue(incident), version), cancellationToken);
            return Output.Answer<ProblemDetailResponse>(context, parse, result, detail =>
                context.Out.WriteLine($"{detail.Problem.Number} explains {(detail.Incidents.Count == 0 ? "no incident" : string.Join(", ", detail.Incidents.Select(i => i.Incident)))}."));
        });
        return command;
    }

    private static Command KnownErrors(CliContext context)
    {
        var search = new Option<string?>("--search") { Description = "Words that must all be in the title, symptoms or workaround." };
        var service = new Option<string?>("--service") { Description = "Only known errors affecting this service (its key)." };
        var incident = new Option<string?>("--incident") { Description = "Known errors for this incident (INC-n): of its services, matching its title." };
        var command = new Command("known-errors", "Search the known errors, or find those that may explain an incident.") { search, service, incident };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = ApiClient.WithQuery("api/v1/known-errors", ("search", parse.GetValue(search)), ("service", parse.GetValue(service)), ("incident", parse.GetValue(incident)));
            return Output.Answer<List<KnownErrorResponse>>(context, parse, await context.Api(parse).GetAsync(path, cancellationToken), found =>
                Output.Table(context, found,
                    new Column<KnownErrorResponse>("PROBLEM", k => k.Problem),
                    new("SERVICES", k => string.Join(", ", k.Services)),
                    new("MATCHED", k => string.Join(" ", k.MatchedTerms)),
                    new("TITLE", k => k.Title),
                    new("WORKAROUND", k => k.Workaround)));
        });
        return command;
    }

    private static void Print(CliContext context, ProblemDetailResponse detail)
    {
        var problem = detail.Problem;
        context.Out.WriteLine($"{problem.Number}: {problem.Title}");
        Output.Facts(context,
            ("state", problem.KnownError ? $"{problem.State} (known error since {Output.Time(problem.KnownErrorAt)})" : problem.State),
            ("services", problem.Services.Count == 0 ? null : string.Join(", ", problem.Services)),
            ("fix change", problem.FixChange),
            ("resolved", Output.Time(problem.ResolvedAt)),
            ("closed", Output.Time(problem.ClosedAt)),
            ("logged by", problem.CreatedBy),
            ("next", detail.AllowedTransitions.Count == 0 ? null : string.Join(", ", detail.AllowedTransitions)),
            ("version", problem.Version.ToString(CultureInfo.InvariantCulture)));
        foreach (var (heading, text) in new[] { ("Description", detail.Description), ("Symptoms", detail.Symptoms), ("Root cause", detail.RootCause), ("Workaround", detail.Workaround), ("Fix", detail.Fix) })
        {
            if (text is null)
                continue;
            context.Out.WriteLine();
            context.Out.WriteLine(heading);
            context.Out.WriteLine(text);
        }
        context.Out.WriteLine();
        context.Out.WriteLine(detail.Incidents.Count == 0 ? "Incidents: none linked" : "Incidents");
        if (detail.Incidents.Count > 0)
            Output.Table(context, detail.Incidents,
                new Column<ProblemIncidentResponse>("INCIDENT", i => i.Incident),
                new("STATE", i => i.State),
                new("PRIORITY", i => i.Major ? $"{i.Priority} major" : i.Priority),
                new("OPENED", i => Output.Time(i.OpenedAt)),
                new("TITLE", i => i.Title));
        context.Out.WriteLine();
        context.Out.WriteLine("Timeline");
        Output.Table(context, detail.Timeline,
            new Column<ProblemEventResponse>("AT", e => Output.Time(e.At)),
            new("BY", e => e.Actor),
            new("WHAT", e => e.Kind),
            new("MESSAGE", e => e.Message));
    }

    private static Action<ProblemDetailResponse> PrintStateOf(CliContext context) => detail =>
        context.Out.WriteLine($"{detail.Problem.Number} is {detail.Problem.State}{(detail.Problem.FixChange is { } change ? $", fixed by {change}" : "")}.");

    private static string PathOf(string reference) => $"{Problems}/{Uri.EscapeDataString(reference)}";

    private static string[]? NullIfEmpty(string[]? values) => values is { Length: > 0 } ? values : null;
}
