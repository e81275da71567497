using System.CommandLine;
using System.Text.Json.Nodes;

namespace Guardrail.Cli;

/// <summary>A field a create or update verb sets, as <c>--option value</c>.</summary>
internal sealed record Field(string Option, string JsonName, string Description, bool RequiredOnCreate = false)
{
    public Option<string?> ToOption() => new($"--{Option}") { Description = Description };
}

/// <summary>A catalogue record type the CLI manages: teams, services, environments.</summary>
internal sealed record Resource(string Noun, string Path, string Description, Column[] Columns, Field[] Fields, Field[] Filters);

/// <summary><c>guardrail service|team|environment list|show|create|update|delete</c>.</summary>
internal static class CatalogCommands
{
    public static readonly Resource Teams = new("team", "api/v1/teams", "Teams that own services.",
        [new("KEY", "key"), new("NAME", "name"), new("CONTACT", "contactEmail"), new("VERSION", "version")],
        [
            new("key", "key", "Unique key: lower-case letters, digits and dashes.", RequiredOnCreate: true),
            new("name", "name", "Display name.", RequiredOnCreate: true),
            new("description", "description", "What the team does."),
            new("contact-email", "contactEmail", "Where to reach the team."),
        ],
        [new("search", "q", "Only teams whose name or key contains this text.")]);

    public static readonly Resource Services = new("service", "api/v1/services", "Business and technical services.",
        [new("KEY", "key"), new("NAME", "name"), new("KIND", "kind"), new("CRITICALITY", "criticality"), new("OWNER", "ownerTeam"), new("PART OF", "businessService")],
        [
            new("key", "key", "Unique key: lower-case letters, digits and dashes.", RequiredOnCreate: true),
            new("name", "name", "Display name.", RequiredOnCreate: true),
            new("kind", "kind", "business or technical.", RequiredOnCreate: true),
            new("criticality", "criticality", "tier1 (most critical) to tier4.", RequiredOnCreate: true),
            new("owner-team", "ownerTeam", "Key of the owning team.", RequiredOnCreate: true),
            new("business-service", "businessService", "Key of the business service a technical service is part of."),
            new("description", "description", "What the service does."),
        ],
        [
            new("search", "q", "Only services whose name, key or description contains this text."),
            new("kind", "kind", "Only business or technical services."),
            new("criticality", "criticality", "Only services of this tier."),
            new("team", "team", "Only services owned by this team (key)."),
            new("business-service", "businessService", "Only the technical services of this business service (key)."),
        ]);

    public static readonly Resource Environments = new("environment", "api/v1/environments", "Deployment environments.",
        [new("KEY", "key"), new("NAME", "name"), new("TIER", "tier"), new("VERSION", "version")],
        [
            new("key", "key", "Unique key: lower-case letters, digits and dashes.", RequiredOnCreate: true),
            new("name", "name", "Display name.", RequiredOnCreate: true),
            new("tier", "tier", "production, staging, test or development.", RequiredOnCreate: true),
            new("description", "description", "What the environment is for."),
        ],
        [new("tier", "tier", "Only environments of this tier.")]);

    public static Command Build(Resource resource, CliContext context)
    {
        var command = new Command(resource.Noun, resource.Description);
        command.Subcommands.Add(List(resource, context));
        command.Subcommands.Add(Show(resource, context));
        command.Subcommands.Add(Create(resource, context));
        command.Subcommands.Add(Update(resource, context));
        command.Subcommands.Add(Delete(resource, context));
        return command;
    }

    private static Argument<string> Reference(Resource resource) =>
        new("reference") { Description = $"The {resource.Noun}'s key or id." };

    private static Command List(Resource resource, CliContext context)
    {
        var filters = resource.Filters.Select(filter => (filter, option: filter.ToOption())).ToList();
        var limit = new Option<int?>("--limit") { Description = "At most this many rows (default: all)." };
        var command = new Command("list", $"List {resource.Noun}s.") { limit };
        filters.ForEach(f => command.Options.Add(f.option));
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = ApiClient.WithQuery(resource.Path, [.. filters.Select(f => (f.filter.JsonName, parse.GetValue(f.option)))]);
            return await Output.ListAsync<JsonNode>(context, parse, path, parse.GetValue(limit), items => Output.Table(context, items, resource.Columns), cancellationToken);
        });
        return command;
    }

    private static Command Show(Resource resource, CliContext context)
    {
        var reference = Reference(resource);
        var command = new Command("show", $"Show one {resource.Noun}.") { reference };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var found = await context.Api(parse).GetAsync($"{resource.Path}/{Uri.EscapeDataString(parse.GetValue(reference)!)}", cancellationToken);
            return Print(context, parse, found);
        });
        return command;
    }

    private static Command Create(Resource resource, CliContext context)
    {
        var fields = resource.Fields.Select(field => (field, option: field.ToOption())).ToList();
        var command = new Command("create", $"Create a {resource.Noun}.");
        fields.ForEach(f =>
        {
            f.option.Required = f.field.RequiredOnCreate;
            command.Options.Add(f.option);
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var body = new JsonObject();
            foreach (var (field, option) in fields)
                body[field.JsonName] = parse.GetValue(option);
            return Print(context, parse, await context.Api(parse).PostAsync(resource.Path, body, cancellationToken));
        });
        return command;
    }

    /// <summary>Reads the record, changes only the fields given, and writes it back with the version it read.</summary>
    private static Command Update(Resource resource, CliContext context)
    {
        var reference = Reference(resource);
        var fields = resource.Fields.Select(field => (field, option: field.ToOption())).ToList();
        var command = new Command("update", $"Change a {resource.Noun}; fields not given keep their value.") { reference };
        fields.ForEach(f => command.Options.Add(f.option));
        command.SetAction(async (parse, cancellationToken) =>
        {
            var api = context.Api(parse);
            var path = $"{resource.Path}/{Uri.EscapeDataString(parse.GetValue(reference)!)}";
            var current = await api.GetAsync(path, cancellationToken);
            if (!current.Succeeded)
                return current.ExitCode;
            var body = new JsonObject { ["version"] = current.Body!["version"]!.DeepClone() };
            foreach (var (field, option) in fields)
                body[field.JsonName] = parse.GetValue(option) ?? AsRequestValue(current.Body[field.JsonName]);
            return Print(context, parse, await api.PutAsync(path, body, cancellationToken));
        });
        return command;
    }

    private static Command Delete(Resource resource, CliContext context)
    {
        var reference = Reference(resource);
        var command = new Command("delete", $"Delete a {resource.Noun}.") { reference };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var deleted = await context.Api(parse).DeleteAsync($"{resource.Path}/{Uri.EscapeDataString(parse.GetValue(reference)!)}", cancellationToken);
            if (deleted.Succeeded && !parse.GetValue(GlobalOptions.Json))
                await context.Out.WriteLineAsync($"Deleted {resource.Noun} {parse.GetValue(reference)}.");
            return deleted.ExitCode;
        });
        return command;
    }

    /// <summary>Responses link records as {id, key, name}; requests name them by key.</summary>
    private static string? AsRequestValue(JsonNode? value) => value switch
    {
        null => null,
        JsonObject link => link["key"]?.GetValue<string>(),
        _ => value.ToString(),
    };

    private static int Print(CliContext context, ParseResult parse, ApiResult result) =>
        Output.Answer<JsonNode>(context, parse, result, record => Output.Record(context, record));
}
