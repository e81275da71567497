using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Guardrail.Contracts;

namespace Guardrail.Cli;

/// <summary><c>guardrail incident …</c>: incidents from declaration to closure, their assignment and timeline, and the practice's settings.</summary>
internal static class IncidentCommands
{
    private const string Incidents = "api/v1/incidents";
    private const string Settings = "api/v1/incident-settings";

    public static Command Build(CliContext context) =>
        new("incident", "Incidents: declare, acknowledge, work, resolve and close them; assign and comment; the SLA settings.")
        {
            List(context),
            Show(context),
            Create(context),
            Update(context),
            Transition(context, "ack", "acknowledge", "Acknowledge an incident: someone has it. This is the response the response SLA measures."),
            Transition(context, "start", "start", "Start working on an incident."),
            Transition(context, "hold", "hold", "Put an incident on hold (with --reason); its SLA clocks stand still until it resumes.", reasonRequired: true),
            Transition(context, "resume", "resume", "Resume an incident that is on hold."),
            Resolve(context),
            Transition(context, "close", "close", "Close a resolved incident: the ticket is done, which is final."),
            Transition(context, "reopen", "reopen", "Reopen a resolved incident (with --reason).", reasonRequired: true),
            Assign(context),
            Comment(context),
            SettingsCommand(context),
        };

    private static Argument<string> Reference() => new("incident") { Description = "The incident, as INC-n." };

    private static Command List(CliContext context)
    {
        var state = new Option<string?>("--state") { Description = "new, acknowledged, in-progress, on-hold, resolved or closed." };
        var priority = new Option<string?>("--priority") { Description = "p1 … p5." };
        var service = new Option<string?>("--service") { Description = "Only incidents affecting this service (its key)." };
        var team = new Option<string?>("--team") { Description = "Only incidents of this team (its key)." };
        var assignee = new Option<string?>("--assignee") { Description = "Only incidents assigned to this user." };
        var major = new Option<bool?>("--major") { Description = "true for major incidents only, false for the others." };
        var open = new Option<bool>("--open") { Description = "Only open incidents (neither resolved nor closed)." };
        var sla = new Option<string?>("--sla") { Description = "The worse SLA clock: within, warning, breached or met." };
        var search = new Option<string?>("--search") { Description = "Words in the title, or the number." };
        var limit = new Option<int?>("--limit") { Description = "At most this many, newest first (default: all)." };
        var command = new Command("list", "List incidents, newest first.") { state, priority, service, team, assignee, major, open, sla, search, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = ApiClient.WithQuery(Incidents, ("state", parse.GetValue(state)), ("priority", parse.GetValue(priority)), ("service", parse.GetValue(service)),
                ("team", parse.GetValue(team)), ("assignee", parse.GetValue(assignee)), ("major", Flag(parse.GetValue(major))),
                ("open", parse.GetValue(open) ? "true" : null), ("sla", parse.GetValue(sla)), ("search", parse.GetValue(search)));
            return await Output.ListAsync<IncidentResponse>(context, parse, path, parse.GetValue(limit), incidents =>
                Output.Table(context, incidents,
                    new Column<IncidentResponse>("INCIDENT", i => i.Number),
                    new("PRIORITY", i => i.Major ? $"{i.Priority} major" : i.Priority),
                    new("STATE", i => i.State),
                    new("RESPONSE", i => Sla(i.ResponseSla)),
                    new("RESOLUTION", i => Sla(i.ResolutionSla)),
                    new("ASSIGNEE", i => i.Assignee ?? i.Team),
                    new("SERVICES", i => i.Services.Count == 0 ? null : string.Join(", ", i.Services)),
                    new("TITLE", i => i.Title)), cancellationToken);
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var reference = Reference();
        var command = new Command("show", "Show an incident with its SLA clocks, what it affects, its alerts and its timeline.") { reference };
        command.SetAction(async (parse, cancellationToken) =>
            Output.Answer<IncidentDetailResponse>(context, parse, await context.Api(parse).GetAsync(PathOf(parse.GetValue(reference)!), cancellationToken), detail =>
                Print(context, detail)));
        return command;
    }

    private static Command Create(CliContext context)
    {
        var title = new Option<string>("--title") { Description = "What is wrong, in a line.", Required = true };
        var impact = new Option<string>("--impact") { Description = "high, medium or low: how widely it hurts.", Required = true };
        var urgency = new Option<string>("--urgency") { Description = "high, medium or low: how soon it must end.", Required = true };
        var fields = new Fields();
        var command = new Command("create", "Declare an incident; its priority follows from impact and urgency unless --priority overrides it (with --priority-reason).")
        {
            title, impact, urgency,
        };
        fields.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new IncidentRequest(parse.GetValue(title), parse.GetValue(impact), parse.GetValue(urgency), parse.GetValue(fields.Description),
                parse.GetValue(fields.Priority), parse.GetValue(fields.PriorityReason), parse.GetValue(fields.Major) ?? false,
                NullIfEmpty(parse.GetValue(fields.Services)), NullIfEmpty(parse.GetValue(fields.Cis)), parse.GetValue(fields.Assignee), parse.GetValue(fields.Team),
                parse.GetValue(fields.Reporter), parse.GetValue(fields.ReporterEmail), Utc(parse.GetValue(fields.StartedAt)));
            return Output.Answer<IncidentDetailResponse>(context, parse, await context.Api(parse).PostAsync(Incidents, request, cancellationToken), detail =>
            {
                var incident = detail.Incident;
                context.Out.WriteLine($"Declared {incident.Number}: {incident.Title} ({incident.Priority}{(incident.Major ? ", major" : "")}, {incident.State}).");
                context.Out.WriteLine($"Response due {Output.Time(incident.ResponseSla.DueAt)}; resolution due {Output.Time(incident.ResolutionSla.DueAt)}.");
            });
        });
        return command;
    }

    /// <summary>Edits an incident: the options given replace what it says, the rest stays; made with the version just read.</summary>
    private static Command Update(CliContext context)
    {
        var reference = Reference();
        var title = new Option<string?>("--title") { Description = "What is wrong, in a line." };
        var impact = new Option<string?>("--impact") { Description = "high, medium or low." };
        var urgency = new Option<string?>("--urgency") { Description = "high, medium or low." };
        var fields = new Fields();
        var command = new Command("update", "Edit an incident; a closed incident is final.") { reference, title, impact, urgency };
        fields.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var api = context.Api(parse);
            var path = PathOf(parse.GetValue(reference)!);
            var current = await api.GetAsync(path, cancellationToken);
            if (!current.Succeeded)
                return current.ExitCode;
            var detail = current.Read<IncidentDetailResponse>();
            var incident = detail.Incident;
            var newImpact = parse.GetValue(impact) ?? incident.Impact;
            var newUrgency = parse.GetValue(urgency) ?? incident.Urgency;
            // New impact or urgency lets the matrix decide; otherwise an overridden or alert's priority is kept unless one is named.
            var matrixDecides = incident.PrioritySource == "matrix" || parse.GetValue(impact) is not null || parse.GetValue(urgency) is not null;
            var priority = parse.GetValue(fields.Priority) ?? (matrixDecides ? null : incident.Priority);
            var request = new IncidentRequest(
                parse.GetValue(title) ?? incident.Title, newImpact, newUrgency, parse.GetValue(fields.Description) ?? detail.Description,
                priority, parse.GetValue(fields.PriorityReason), parse.GetValue(fields.Major) ?? incident.Major,
                NullIfEmpty(parse.GetValue(fields.Services)) ?? incident.Services,
                NullIfEmpty(parse.GetValue(fields.Cis)) ?? [.. detail.Cis.Select(ci => ci.Id.ToString(CultureInfo.InvariantCulture))],
                parse.GetValue(fields.Assignee) ?? incident.Assignee, parse.GetValue(fields.Team) ?? incident.Team,
                parse.GetValue(fields.Reporter) ?? incident.ReporterName, parse.GetValue(fields.ReporterEmail) ?? incident.ReporterEmail,
                Utc(parse.GetValue(fields.StartedAt)) ?? incident.StartedAt, incident.Version);
            return Output.Answer<IncidentDetailResponse>(context, parse, await api.PutAsync(path, request, cancellationToken), edited => PrintState(context, edited));
        });
        return command;
    }

    /// <summary>A move along the transition table, made with the version just read.</summary>
    private static Command Transition(CliContext context, string verb, string action, string description, bool reasonRequired = false)
    {
        var reference = Reference();
        var reason = new Option<string?>("--reason") { Description = reasonRequired ? "Why (required)." : "A note kept on the timeline.", Required = reasonRequired };
        var command = new Command(verb, description) { reference, reason };
        command.SetAction(async (parse, cancellationToken) =>
            await MoveAsync(context, parse, parse.GetValue(reference)!, new IncidentTransitionRequest(action, null, parse.GetValue(reason)), cancellationToken));
        return command;
    }

    private static Command Resolve(CliContext context)
    {
        var reference = Reference();
        var notes = new Option<string>("--notes") { Description = "How the service was restored.", Required = true };
        var command = new Command("resolve", "Resolve an incident: the service is restored.") { reference, notes };
        command.SetAction(async (parse, cancellationToken) =>
            await MoveAsync(context, parse, parse.GetValue(reference)!, new IncidentTransitionRequest("resolve", null, null, parse.GetValue(notes)), cancellationToken));
        return command;
    }

    private static async Task<int> MoveAsync(CliContext context, ParseResult parse, string reference, IncidentTransitionRequest request, CancellationToken cancellationToken)
    {
        var api = context.Api(parse);
        var path = PathOf(reference);
        var current = await api.GetAsync(path, cancellationToken);
        if (!current.Succeeded)
            return current.ExitCode;
        var moved = await api.PostAsync($"{path}/transitions", request with { Version = current.Read<IncidentDetailResponse>().Incident.Version }, cancellationToken);
        return Output.Answer<IncidentDetailResponse>(context, parse, moved, detail => PrintState(context, detail));
    }

    private static Command Assign(CliContext context)
    {
        var reference = Reference();
        var to = new Option<string?>("--to") { Description = "The user name of the person who takes it (leave out to unassign the person)." };
        var team = new Option<string?>("--team") { Description = "The team's key (default: the person's team)." };
        var command = new Command("assign", "Give an incident to a person and a team.") { reference, to, team };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var api = context.Api(parse);
            var path = PathOf(parse.GetValue(reference)!);
            var current = await api.GetAsync(path, cancellationToken);
            if (!current.Succeeded)
                return current.ExitCode;
            var request = new IncidentAssignmentRequest(parse.GetValue(to), parse.GetValue(team), current.Read<IncidentDetailResponse>().Incident.Version);
            return Output.Answer<IncidentDetailResponse>(context, parse, await api.PostAsync($"{path}/assignment", request, cancellationToken), detail =>
                context.Out.WriteLine($"{detail.Incident.Number} is assigned to {detail.Incident.Assignee ?? "nobody"}{(detail.Incident.Team is { } key ? $" of team {key}" : "")}."));
        });
        return command;
    }

    private static Command Comment(CliContext context)
    {
        var reference = Reference();
        var message = new Argument<string>("message") { Description = "The comment." };
        var command = new Command("comment", "Add a comment to an incident's timeline.") { reference, message };
        command.SetAction(async (parse, cancellationToken) =>
            Output.Answer<IncidentDetailResponse>(context, parse,
                await context.Api(parse).PostAsync($"{PathOf(parse.GetValue(reference)!)}/comments", new IncidentCommentRequest(parse.GetValue(message)), cancellationToken),
                detail => context.Out.WriteLine($"Commented on {detail.Incident.Number}.")));
        return command;
    }

    private static Command SettingsCommand(CliContext context)
    {
        var show = new Command("show", "Show the priority matrix, SLA targets, business hours, holidays, alert severities and reopen window.");
        show.SetAction(async (parse, cancellationToken) =>
            Output.Answer<IncidentSettingsResponse>(context, parse, await context.Api(parse).GetAsync(Settings, cancellationToken), settings => PrintSettings(context, settings)));

        var file = new Argument<string>("file") { Description = "A JSON file of the parts to change, as the API takes them ('-' reads standard input)." };
        var apply = new Command("apply", "Change the settings from a JSON file; parts left out stay as they are. Without a version in the file, the version just read is used.") { file };
        apply.SetAction(async (parse, cancellationToken) =>
        {
            if (await InputFiles.ReadTextAsync(context, parse.GetValue(file)!, "settings file", cancellationToken) is not { } text)
                return ExitCodes.Usage;
            IncidentSettingsRequest? request;
            try
            {
                request = JsonSerializer.Deserialize<IncidentSettingsRequest>(text, ApiClient.Json);
            }
            catch (JsonException failure)
            {
                await context.Error.WriteLineAsync($"error: the settings file is not valid JSON: {failure.Message}");
                return ExitCodes.Usage;
            }
            var api = context.Api(parse);
            if (request is null || request.Version is null)
            {
                var current = await api.GetAsync(Settings, cancellationToken);
                if (!current.Succeeded)
                    return current.ExitCode;
                request = (request ?? new IncidentSettingsRequest()) with { Version = current.Read<IncidentSettingsResponse>().Version };
            }
            return Output.Answer<IncidentSettingsResponse>(context, parse, await api.PutAsync(Settings, request, cancellationToken), settings =>
                context.Out.WriteLine($"The incident settings are at version {settings.Version}."));
        });
        return new Command("settings", "The incident practice's settings.") { show, apply };
    }

    private static void Print(CliContext context, IncidentDetailResponse detail)
    {
        var incident = detail.Incident;
        context.Out.WriteLine($"{incident.Number}: {incident.Title}");
        Output.Facts(context,
            ("state", incident.State),
            ("priority", $"{incident.Priority} ({incident.PrioritySource}; impact {incident.Impact}, urgency {incident.Urgency})"),
            ("major", incident.Major ? "yes" : null),
            ("assignee", incident.Assignee),
            ("team", incident.Team),
            ("services", incident.Services.Count == 0 ? null : string.Join(", ", incident.Services)),
            ("CIs", detail.Cis.Count == 0 ? null : string.Join(", ", detail.Cis.Select(ci => $"{ci.Class}/{ci.Name}"))),
            ("reporter", incident.ReporterEmail is { } email ? $"{incident.ReporterName} <{email}>" : incident.ReporterName),
            ("impact began", Output.Time(incident.StartedAt)),
            ("opened", Output.Time(incident.OpenedAt)),
            ("acknowledged", Output.Time(incident.AcknowledgedAt)),
            ("resolved", Output.Time(incident.ResolvedAt)),
            ("closed", Output.Time(incident.ClosedAt)),
            ("response SLA", Sla(incident.ResponseSla)),
            ("resolution SLA", Sla(incident.ResolutionSla)),
            ("next", detail.AllowedActions.Count == 0 ? null : string.Join(", ", detail.AllowedActions)),
            ("version", incident.Version.ToString(CultureInfo.InvariantCulture)));
        if (detail.Description is not null)
        {
            context.Out.WriteLine();
            context.Out.WriteLine(detail.Description);
        }
        if (detail.ResolutionNotes is not null)
        {
            context.Out.WriteLine();
            context.Out.WriteLine("Resolution");
            context.Out.WriteLine(detail.ResolutionNotes);
        }
        if (detail.Alerts.Count > 0)
        {
            context.Out.WriteLine();
            context.Out.WriteLine("Alerts");
            Output.Table(context, detail.Alerts,
                new Column<IncidentAlertResponse>("SOURCE", a => a.Source),
                new("STATE", a => a.State),
                new("SEVERITY", a => a.Severity),
                new("STARTED", a => Output.Time(a.StartsAt)),
                new("ENDED", a => Output.Time(a.EndsAt)),
                new("TITLE", a => a.Title));
        }
        context.Out.WriteLine();
        context.Out.WriteLine("Timeline");
        Output.Table(context, detail.Timeline,
            new Column<IncidentEventResponse>("AT", e => Output.Time(e.At)),
            new("BY", e => e.Actor),
            new("WHAT", e => e.Kind),
            new("MESSAGE", e => e.Message));
    }

    private static void PrintState(CliContext context, IncidentDetailResponse detail)
    {
        var incident = detail.Incident;
        context.Out.WriteLine($"{incident.Number} is {incident.State} ({incident.Priority}); response SLA {Sla(incident.ResponseSla)}, resolution SLA {Sla(incident.ResolutionSla)}.");
    }

    private static void PrintSettings(CliContext context, IncidentSettingsResponse settings)
    {
        context.Out.WriteLine($"Version {settings.Version}{(settings.UpdatedAt is { } at ? $", changed {Output.Time(at)}" : " (the defaults)")}");
        context.Out.WriteLine();
        context.Out.WriteLine("Priority (impact down, urgency across)");
        Output.Table(context, ["high", "medium", "low"],
            new Column<string>("IMPACT", impact => impact),
            new("HIGH", impact => Cell(settings, impact, "high")),
            new("MEDIUM", impact => Cell(settings, impact, "medium")),
            new("LOW", impact => Cell(settings, impact, "low")));
        context.Out.WriteLine();
        context.Out.WriteLine("SLA targets");
        Output.Table(context, settings.Targets,
            new Column<SlaTargetSetting>("PRIORITY", t => t.Priority),
            new("RESPONSE", t => Minutes(t.ResponseMinutes)),
            new("RESOLUTION", t => Minutes(t.ResolutionMinutes)),
            new("HOURS", t => t.Calendar));
        var hours = settings.BusinessHours;
        context.Out.WriteLine();
        Output.Facts(context,
            ("business hours", $"{string.Join(", ", hours.WorkingDays ?? [])} {hours.Start} to {hours.End} ({hours.TimeZone})"),
            ("holidays", settings.Holidays.Count == 0 ? "none" : string.Join(", ", settings.Holidays.Select(h => $"{h.Date:yyyy-MM-dd} {h.Name}"))),
            ("warning at", settings.WarningShare.ToString("P0", CultureInfo.InvariantCulture) + " of a target"),
            ("alert severities", string.Join(", ", settings.SeverityPriorities.Select(s => $"{s.Severity}={s.Priority}")) + $"; otherwise {settings.DefaultAlertPriority}"),
            ("reopen window", Minutes(settings.ReopenWindowMinutes)));
    }

    private static string? Cell(IncidentSettingsResponse settings, string impact, string urgency) =>
        settings.PriorityMatrix.FirstOrDefault(c => c.Impact == impact && c.Urgency == urgency)?.Priority;

    private static string? Minutes(int? minutes) => minutes is { } value
        ? TimeSpan.FromMinutes(value) is var span && span.TotalHours >= 1 ? $"{(int)span.TotalHours} h{(span.Minutes > 0 ? $" {span.Minutes} min" : "")}" : $"{value} min"
        : null;

    private static string Sla(IncidentSlaResponse sla) =>
        sla.Paused ? $"{sla.State}, paused" : sla.DueAt is { } due ? $"{sla.State}, due {Output.Time(due)}" : sla.State;

    private static string? Flag(bool? value) => value switch
    {
        null => null,
        true => "true",
        false => "false",
    };

    private static string PathOf(string reference) => $"{Incidents}/{Uri.EscapeDataString(reference)}";

    /// <summary>Times on the command line are UTC, whatever the machine's zone.</summary>
    private static DateTime? Utc(DateTime? time) => time switch
    {
        null => null,
        { Kind: DateTimeKind.Unspecified } unspecified => DateTime.SpecifyKind(unspecified, DateTimeKind.Utc),
        { } given => given.ToUniversalTime(),
    };

    private static string[]? NullIfEmpty(string[]? values) => values is { Length: > 0 } ? values : null;

    /// <summary>The options create and update share.</summary>
    private sealed class Fields
    {
        public Option<string?> Description { get; } = new("--description") { Description = "What is known, what is affected." };

        public Option<string?> Priority { get; } = new("--priority") { Description = "p1 … p5, overriding the matrix (with --priority-reason)." };

        public Option<string?> PriorityReason { get; } = new("--priority-reason") { Description = "Why the priority differs from the matrix's." };

        public Option<bool?> Major { get; } = new("--major") { Description = "true to declare a major incident, false to withdraw it." };

        public Option<string[]> Services { get; } = new("--service") { Description = "A service it affects (its key); repeat for several.", DefaultValueFactory = _ => [] };

        public Option<string[]> Cis { get; } = new("--ci") { Description = "A configuration item it affects (id, key or class/name); repeat for several.", DefaultValueFactory = _ => [] };

        public Option<string?> Assignee { get; } = new("--assignee") { Description = "The user name of the person who has it." };

        public Option<string?> Team { get; } = new("--team") { Description = "The team's key (default: the assignee's team)." };

        public Option<string?> Reporter { get; } = new("--reporter") { Description = "Who reported it (default: you)." };

        public Option<string?> ReporterEmail { get; } = new("--reporter-email") { Description = "Where the satisfaction survey goes once it is resolved." };

        public Option<DateTime?> StartedAt { get; } = new("--started-at") { Description = "When the impact began, UTC (default: now)." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Description, Priority, PriorityReason, Major, Services, Cis, Assignee, Team, Reporter, ReporterEmail, StartedAt })
                command.Options.Add(option);
        }
    }
}
