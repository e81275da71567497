using System.Globalization;
using System.Text.Json.Serialization;
using Guardrail.Core.Changes;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations;
using Guardrail.Core.Integrations.Chat;
using Guardrail.Core.Integrations.Signatures;
using Guardrail.Core.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Server.Hooks;

/// <summary>The chat reply: an ephemeral message to the person who asked (Slack shows it to them alone).</summary>
public sealed record SlackReply(
    [property: JsonPropertyName("response_type")] string ResponseType,
    [property: JsonPropertyName("replace_original")] bool ReplaceOriginal,
    [property: JsonPropertyName("text")] string Text);

/// <summary>
/// Slack's request URL for the app's slash command and interactivity: <c>/guardrail approve|reject|show CHG-n</c> and the
/// Approve and Reject buttons of approval requests. Every request is verified with the app's signing secret over the raw
/// body, within Slack's five-minute window; votes go through the same rules as the web and the API.
/// </summary>
internal static class SlackEndpoints
{
    public const long MaxRequestBytes = 64 * 1024;

    public static void MapSlackHooks(this IEndpointRouteBuilder app)
    {
        var slack = app.MapGroup("/hooks/slack").WithTags("Webhooks").AllowAnonymous().DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxRequestBytes));
        slack.MapPost("/", ReceiveDefaultSlackRequest).WithName(nameof(ReceiveDefaultSlackRequest))
            .WithSummary("Slack slash commands and button clicks for the default Slack integration.");
        slack.MapPost("/{name}", ReceiveSlackRequest).WithName(nameof(ReceiveSlackRequest))
            .WithSummary("Slack slash commands and button clicks for a named Slack integration.");
    }

    public static Task<Results<Ok<SlackReply>, ProblemHttpResult>> ReceiveDefaultSlackRequest(
        HttpContext http, IntegrationDirectory directory, GuardrailDb db, ChangeApprovals approvals, ChangeRecords records, TimeProvider clock, CancellationToken cancellationToken) =>
        ReceiveSlackRequest(Integration.DefaultName, http, directory, db, approvals, records, clock, cancellationToken);

    public static async Task<Results<Ok<SlackReply>, ProblemHttpResult>> ReceiveSlackRequest(
        string name, HttpContext http, IntegrationDirectory directory, GuardrailDb db, ChangeApprovals approvals, ChangeRecords records, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var integration = await directory.FindAsync(IntegrationKind.Slack, name, cancellationToken);
        if (integration is null)
            return HooksEndpoints.Unauthorized("hook.not_configured", $"No enabled Slack integration named '{name}' is configured, so this request cannot be trusted.");
        var body = await HooksEndpoints.ReadBodyAsync(http.Request, cancellationToken);
        var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        if (!DeliveryVerifier.Verify(integration, headers, body, clock.UtcNow()))
            return HooksEndpoints.Unauthorized("hook.signature_invalid",
                "The request's Slack signature does not match, or its timestamp is more than five minutes away from now.");

        var form = QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body)).ToDictionary(f => f.Key, f => f.Value.ToString());
        var (command, problem) = SlackRequests.Read(form);
        if (command is null)
            return Reply(problem!);
        var person = await db.Users.AsNoTracking().Where(u => u.SlackUserId == command.UserId && !u.Disabled)
            .Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
        if (person is null)
            return Reply($"Your Slack account ({command.UserId}) is not linked to a Guardrail user; an administrator sets it as the user's slackUserId.");
        if (command.Verb == ChatVerb.Show)
        {
            var found = await records.GetAsync(command.Change, cancellationToken);
            return Reply(found.Succeeded ? Describe(found.Value) : found.Error.Message);
        }
        var vote = command.Verb == ChatVerb.Approve ? Vote.Approve : Vote.Reject;
        var voted = await approvals.VoteAsync(command.Change, person, vote, command.Comment, ApprovalChannel.Slack, cancellationToken);
        return Reply(voted.Succeeded ? $"{Describe(voted.Value)}\nYour vote is recorded." : voted.Error.Message);
    }

    private static string Describe(ChangeRecord change) => string.Create(CultureInfo.InvariantCulture,
        $"{change.Number} {change.Title}: {WireNames.Of(change.State)}, risk {change.RiskScore}, {change.Approvals.Count(a => a.Vote == Vote.Approve)} of {change.Quorum} approvals.");

    private static Ok<SlackReply> Reply(string text) => TypedResults.Ok(new SlackReply("ephemeral", ReplaceOriginal: false, text));
}
