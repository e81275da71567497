using System.CommandLine;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Cmdb.Discovery;
using Guardrail.Core.Cmdb.Discovery.Git;
using Spectre.Console;

namespace Guardrail.Cli;

/// <summary><c>guardrail discover SOURCE PATH…</c> and <c>guardrail impact REF</c>.</summary>
internal static class CmdbCommands
{
    private static readonly string[] s_documentExtensions = [".yaml", ".yml", ".json", ".tfstate"];

    public static Command Discover(CliContext context)
    {
        var command = new Command("discover", "Send documents from the toolchain to the CMDB: Kubernetes manifests or kubectl JSON, Terraform state, Backstage catalog files, a Git repository.");
        foreach (var source in new[] { "kubernetes", "terraform", "backstage", "git" })
            command.Subcommands.Add(DiscoverFrom(source, context));
        return command;
    }

    public static Command Impact(CliContext context)
    {
        var reference = new Argument<string>("reference") { Description = "A CI id, its key, class/name, or a name only one CI has." };
        var direction = new Option<string>("--direction") { Description = "downstream (what depends on it, the default) or upstream (what it relies on).", DefaultValueFactory = _ => "downstream" };
        direction.AcceptOnlyFromAmong("downstream", "upstream");
        var depth = new Option<int?>("--depth") { Description = "How many hops to follow (1-50, default 10)." };
        var command = new Command("impact", "Impact analysis: what a CI's failure reaches, or what it relies on, with paths and business services.") { reference, direction, depth };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = $"api/v1/cmdb/cis/{Uri.EscapeDataString(parse.GetValue(reference)!)}/impact?direction={parse.GetValue(direction)}";
            if (parse.GetValue(depth) is { } hops)
                query += $"&depth={hops}";
            var result = await context.Api(parse).GetAsync(query, cancellationToken);
            if (!result.Succeeded)
                return result.ExitCode;
            if (parse.GetValue(GlobalOptions.Json))
            {
                Output.Json(context, result.Body);
                return ExitCodes.Success;
            }
            var impact = result.Body!;
            await context.Out.WriteLineAsync($"{impact["direction"]} of {impact["root"]!["class"]} {impact["root"]!["name"]} ({impact["root"]!["key"]}): {impact["total"]} CIs");
            var rows = impact["items"]!.AsArray().Select(item => (JsonNode)new JsonObject
            {
                ["depth"] = item!["depth"]!.DeepClone(),
                ["class"] = item["ci"]!["class"]!.DeepClone(),
                ["name"] = item["ci"]!["name"]!.DeepClone(),
                ["via"] = item["via"]!.DeepClone(),
                ["key"] = item["ci"]!["key"]!.DeepClone(),
            }).ToList();
            Output.Table(context, rows, [new Column("DEPTH", "depth"), new Column("CLASS", "class"), new Column("NAME", "name"), new Column("VIA", "via"), new Column("KEY", "key")]);
            var business = impact["businessServices"]!.AsArray().Select(b => b!["name"]!.ToString())
                .Concat(impact["businessServiceCis"]!.AsArray().Select(b => b!["name"]!.ToString())).Distinct().ToList();
            await context.Out.WriteLineAsync($"Business services affected: {(business.Count == 0 ? "none" : string.Join(", ", business))}");
            if (impact["truncated"]!.GetValue<bool>())
                await context.Out.WriteLineAsync("(more CIs than shown: use --json with the API's limit parameter for all)");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DiscoverFrom(string source, CliContext context)
    {
        var paths = new Argument<string[]>("path") { Description = source == "git" ? "The repository's directory." : "Files or directories (read recursively).", Arity = ArgumentArity.OneOrMore };
        var scope = new Option<string?>("--scope") { Description = "Which part of the source this is (a cluster, a state…); what it reported before and no longer does is retired. Default: 'default' (git: the directory name)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would be created, updated, retired and left unresolved; write nothing." };
        var command = new Command(source, $"Import from {source}.") { paths, scope, dryRun };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = $"?dryRun={(parse.GetValue(dryRun) ? "true" : "false")}" + (parse.GetValue(scope) is { } name ? $"&scope={Uri.EscapeDataString(name)}" : "");
            ApiResult result;
            if (source == "git")
            {
                GitRepositorySnapshot snapshot;
                try
                {
                    snapshot = GitDiscovery.Read(parse.GetValue(paths)![0]);
                }
                catch (DiscoveryException notARepository)
                {
                    await context.Error.WriteLineAsync($"error: {notARepository.Message}");
                    return ExitCodes.Usage;
                }
                var history = snapshot.OriginUrl is { } origin && GitDiscovery.RepositoryHostAndPath(origin) is not null
                    ? GitHistory.Read(parse.GetValue(paths)![0])
                    : [];
                result = await context.Api(parse, ApiClient.ImportTimeout).PostAsync($"api/v1/cmdb/imports/git{query}", new GitSnapshotRequest(
                    snapshot.DirectoryName, snapshot.OriginUrl, snapshot.CodeOwners, [.. snapshot.CatalogFiles.Select(f => new GitFile(f.Name, f.Content))], history),
                    cancellationToken);
            }
            else
            {
                var files = CollectFiles(parse.GetValue(paths)!, out var missing);
                if (missing is not null)
                {
                    await context.Error.WriteLineAsync($"error: '{missing}' does not exist.");
                    return ExitCodes.Usage;
                }
                if (files.Count == 0)
                {
                    await context.Error.WriteLineAsync("error: no .yaml, .yml, .json or .tfstate files found.");
                    return ExitCodes.Usage;
                }
                var api = context.Api(parse, ApiClient.ImportTimeout);
                result = await UploadProgress.SendAsync(context, parse.GetValue(GlobalOptions.Json), files,
                    $"Sending {files.Count} file(s), {files.Sum(f => new FileInfo(f).Length):N0} bytes, to {source}",
                    form => api.PostContentAsync($"api/v1/cmdb/imports/{source}{query}", form, cancellationToken));
            }
            if (!result.Succeeded)
                return result.ExitCode;
            if (parse.GetValue(GlobalOptions.Json))
                Output.Json(context, result.Body);
            else
                PrintOutcome(context, result.Body!);
            return ExitCodes.Success;
        });
        return command;
    }

    private static List<string> CollectFiles(string[] paths, out string? missing)
    {
        missing = null;
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
                files.Add(path);
            else if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => s_documentExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal));
            else
            {
                missing = path;
                return [];
            }
        }
        return files;
    }

    private static void PrintOutcome(CliContext context, JsonNode outcome)
    {
        var run = outcome["run"]!;
        var verb = run["dryRun"]!.GetValue<bool>() ? "Would" : "Did";
        context.Out.WriteLine($"{verb} import {run["documents"]} document(s) into {run["source"]}:{run["scope"]}" + (run["id"] is { } id ? $" (run {id})" : " (dry run: nothing written)"));
        var grid = new Grid().AddColumn().AddColumn();
        foreach (var (label, field) in new[] { ("created", "created"), ("updated", "updated"), ("retired", "retired"), ("unchanged", "unchanged"), ("relationships created", "relationshipsCreated"), ("relationships retired", "relationshipsRetired"), ("unresolved", "unresolved") })
            grid.AddRow(label, run[field]!.ToString());
        context.Terminal.Write(grid);
        foreach (var warning in run["warnings"]!.AsArray())
            context.Out.WriteLine($"warning: {warning!["document"]}: {warning["message"]}");
        foreach (var unresolved in outcome["unresolved"]!.AsArray().Take(20))
            context.Out.WriteLine($"unresolved: {unresolved!["fromKey"]} -> {unresolved["reference"]} ({unresolved["reason"]})");
    }
}
