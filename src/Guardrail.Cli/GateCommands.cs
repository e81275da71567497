using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Guardrail.Contracts;

namespace Guardrail.Cli;

/// <summary>
/// <c>guardrail gate</c>: a pipeline asks whether it may deploy, and may wait for the decision. Its exit codes are the
/// decision (<see cref="GateExitCodes"/>), not those of the other verbs.
/// </summary>
internal static partial class GateCommands
{
    public const string Name = "gate";

    /// <summary>One long-poll asks the server to hold the request at most this long (it allows 120 s).</summary>
    public static readonly TimeSpan Round = TimeSpan.FromSeconds(60);

    public static Command Build(CliContext context)
    {
        var service = new Option<string>("--service") { Description = "The key of the service being deployed.", Required = true };
        var environment = new Option<string>("--environment") { Description = "The key of the target environment.", Required = true };
        var commit = new Option<string?>("--commit") { Description = "The commit deployed (its SHA); give it or --artifact." };
        var artifact = new Option<string?>("--artifact") { Description = "The artifact deployed (an image, a package version)." };
        var repository = new Option<string?>("--repository") { Description = "The repository it was built from, as github.com/OWNER/NAME." };
        var runUrl = new Option<string?>("--pipeline-run-url")
        {
            Description = "Where the pipeline run is seen (default from CI: GitHub Actions' run URL, $CI_PIPELINE_URL, $BUILD_URL).",
            DefaultValueFactory = _ => CiRun.Url(System.Environment.GetEnvironmentVariable),
        };
        var runId = new Option<string?>("--pipeline-run-id")
        {
            Description = "The pipeline run: asking again for the same run answers for the same change "
                + "(default from CI: $GITHUB_RUN_ID-$GITHUB_RUN_ATTEMPT, $CI_PIPELINE_ID, $BUILD_TAG).",
            DefaultValueFactory = _ => CiRun.Id(System.Environment.GetEnvironmentVariable),
        };
        var evidence = new Option<string[]>("--evidence") { Description = "Evidence as key=value, e.g. tests=passed scan=failed; repeat for several.", DefaultValueFactory = _ => [] };
        var commitsFile = new Option<string?>("--commits-file") { Description = "The commits the deployment ships, one SHA a line ('-' reads standard input, e.g. from git rev-list)." };
        var files = new Option<int?>("--files") { Description = "How many files the change touches (scores its size)." };
        var lines = new Option<int?>("--lines") { Description = "How many lines the change touches (scores its size)." };
        var requester = new Option<string?>("--requester") { Description = "Who asks for the change (default: the token's name); they may never approve it." };
        var emergency = new Option<bool>("--emergency") { Description = "An emergency change: passes freezes, reviewed afterwards; needs --justification." };
        var justification = new Option<string?>("--justification") { Description = "Why this is an emergency." };
        var callbackUrl = new Option<string?>("--callback-url") { Description = "Guardrail posts the signed decision here once it is made." };
        var receipt = new Option<bool>("--receipt") { Description = "Record the change without gating: the pipeline deploys anyway, the assessment stays on record." };
        var wait = new Option<string?>("--wait") { Description = "While the decision is pending, wait this long for it (e.g. 30s, 10m, 1h)." };
        var command = new Command(Name, "May this commit of this service go to this environment? Exit 0 approved, 1 rejected, 2 pending, 3 error.")
        {
            service, environment, commit, artifact, repository, runUrl, runId, evidence, commitsFile, files, lines, requester, emergency,
            justification, callbackUrl, receipt, wait,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            TimeSpan? waitFor = null;
            if (parse.GetValue(wait) is { } text && (waitFor = ParseDuration(text)) is null)
            {
                await context.Error.WriteLineAsync($"error: --wait '{text}' is not a duration such as 30s, 10m or 1h.");
                return GateExitCodes.Error;
            }
            var parsedEvidence = await ParseEvidenceAsync(context, parse.GetValue(evidence)!);
            if (parsedEvidence is null)
                return GateExitCodes.Error;
            List<string>? commits = null;
            if (parse.GetValue(commitsFile) is { } file && (commits = await InputFiles.ReadCommitsAsync(context, file, cancellationToken)) is null)
                return GateExitCodes.Error;

            var request = new GateRequest(
                parse.GetValue(service), parse.GetValue(environment), parse.GetValue(commit), parse.GetValue(artifact), parse.GetValue(repository),
                parse.GetValue(runUrl), parse.GetValue(runId), parsedEvidence, commits, parse.GetValue(files), parse.GetValue(lines),
                parse.GetValue(requester), Emergency: parse.GetValue(emergency), Justification: parse.GetValue(justification),
                CallbackUrl: parse.GetValue(callbackUrl), Mode: parse.GetValue(receipt) ? "receipt" : null);
            var api = context.Api(parse, Round + TimeSpan.FromSeconds(30));
            var asked = await api.PostAsync("api/v1/gate", request, cancellationToken);
            if (!asked.Succeeded)
                return GateExitCodes.Error;
            var answer = asked;
            var decision = answer.Read<GateDecisionResponse>();
            if (decision.Decision == "pending" && waitFor is { } limit && limit > TimeSpan.Zero)
            {
                await context.Error.WriteLineAsync($"{decision.Change} is pending ({Approvals(decision)}); waiting up to {parse.GetValue(wait)} for a decision…");
                var waited = Stopwatch.StartNew();
                while (decision.Decision == "pending" && waited.Elapsed < limit)
                {
                    var left = limit - waited.Elapsed;
                    var seconds = Math.Max(1, (int)Math.Ceiling((left < Round ? left : Round).TotalSeconds));
                    answer = await api.GetAsync($"api/v1/gate/{Uri.EscapeDataString(decision.Change)}?wait={seconds}", cancellationToken);
                    if (!answer.Succeeded)
                        return GateExitCodes.Error;
                    decision = answer.Read<GateDecisionResponse>();
                }
            }
            if (parse.GetValue(GlobalOptions.Json))
                Output.Json(context, answer.Body);
            else
                Print(context, decision);
            return decision.Decision switch
            {
                "approved" or "recorded" => GateExitCodes.Approved,
                "rejected" => GateExitCodes.Rejected,
                _ => GateExitCodes.Pending,
            };
        });
        return command;
    }

    /// <summary>A duration as a number with s, m or h (seconds without one); null when it is not one.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || !int.TryParse(match.Groups["amount"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            return null;
        return match.Groups["unit"].Value switch
        {
            "h" => TimeSpan.FromHours(amount),
            "m" => TimeSpan.FromMinutes(amount),
            _ => TimeSpan.FromSeconds(amount),
        };
    }

    private static void Print(CliContext context, GateDecisionResponse decision)
    {
        context.Out.WriteLine(decision.Decision switch
        {
            "approved" => $"approved: {decision.Change} may deploy.",
            "recorded" => $"recorded: {decision.Change} is on record as a receipt.",
            "rejected" => $"rejected: {decision.Change} may not deploy.",
            _ => $"pending: {decision.Change} waits for approval ({Approvals(decision)}).",
        });
        Output.Facts(context,
            ("change", $"{decision.Change} ({decision.Type}, {decision.State})"),
            ("risk", decision.Risk?.ToString(CultureInfo.InvariantCulture) ?? "not scored"),
            ("route", decision.Route),
            ("approvals", $"{decision.Approvals} of {decision.Quorum}"),
            ("policy version", decision.PolicyVersion?.ToString(CultureInfo.InvariantCulture)),
            ("approval expires", Output.Time(decision.ExpiresAt)),
            ("decision URL", decision.DecisionUrl));
        if (decision.Factors.Count > 0)
        {
            context.Out.WriteLine();
            PrintFactors(context, decision.Factors);
        }
        if (decision.Reasons.Count > 0)
        {
            context.Out.WriteLine();
            context.Out.WriteLine("Reasons");
            foreach (var reason in decision.Reasons)
                context.Out.WriteLine($"  - {reason}");
        }
    }

    public static void PrintFactors(CliContext context, IReadOnlyList<RiskFactorResponse> factors) =>
        Output.Table(context, factors,
            new Column<RiskFactorResponse>("FACTOR", f => f.Name),
            new("WEIGHT", f => f.Weight.ToString("0.##", CultureInfo.InvariantCulture)),
            new("VALUE", f => f.Value.ToString("0.##", CultureInfo.InvariantCulture)),
            new("POINTS", f => f.Points.ToString("0.#", CultureInfo.InvariantCulture)),
            new("REASON", f => f.Reason));

    private static string Approvals(GateDecisionResponse decision) =>
        $"route {decision.Route ?? "none"}, {decision.Approvals} of {decision.Quorum} approvals";

    private static async Task<Dictionary<string, string>?> ParseEvidenceAsync(CliContext context, string[] pairs)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0 && parsed.TryAdd(pair[..separator], pair[(separator + 1)..]))
                continue;
            await context.Error.WriteLineAsync(separator <= 0 ? $"error: --evidence '{pair}' is not key=value." : $"error: --evidence '{pair[..separator]}' is given twice.");
            return null;
        }
        return parsed;
    }

    [GeneratedRegex("^(?<amount>[0-9]{1,7})(?<unit>[smh]?)$")]
    private static partial Regex DurationPattern();
}

/// <summary>The pipeline run a CI system says this is, from its environment variables, so a retried job asks for the same change.</summary>
internal static class CiRun
{
    public static string? Id(Func<string, string?> variable) =>
        variable("GITHUB_RUN_ID") is { Length: > 0 } github ? $"{github}-{variable("GITHUB_RUN_ATTEMPT") ?? "1"}"
        : variable("CI_PIPELINE_ID") is { Length: > 0 } gitlab ? gitlab
        : variable("BUILD_TAG") is { Length: > 0 } jenkins ? jenkins
        : null;

    public static string? Url(Func<string, string?> variable) =>
        variable("GITHUB_RUN_ID") is { Length: > 0 } run && variable("GITHUB_SERVER_URL") is { Length: > 0 } server && variable("GITHUB_REPOSITORY") is { Length: > 0 } repository
            ? $"{server.TrimEnd('/')}/{repository}/actions/runs/{run}"
        : variable("CI_PIPELINE_URL") is { Length: > 0 } gitlab ? gitlab
        : variable("BUILD_URL") is { Length: > 0 } jenkins ? jenkins
        : null;
}
