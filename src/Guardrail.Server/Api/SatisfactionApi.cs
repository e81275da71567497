using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents.Satisfaction;
using Guardrail.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guardrail.Server.Api;

internal static class SatisfactionApi
{
    public static void MapSatisfactionApi(this RouteGroupBuilder api)
    {
        api.MapGet("/satisfaction", GetSatisfaction).WithTags("Incidents").WithName(nameof(GetSatisfaction))
            .WithSummary("Customer satisfaction per service: surveys sent on resolution in the period, answers, response rate and ratings.")
            .RequireAuthorization(Policies.For(Permission.CatalogRead));
        api.MapGet("/incidents/{reference}/survey", GetIncidentSurvey).WithTags("Incidents").WithName(nameof(GetIncidentSurvey))
            .WithSummary("The satisfaction survey of a resolved incident: its signed link for the reporter, and the answer.")
            .RequireAuthorization(Policies.For(Permission.IncidentsWrite));
    }

    public static async Task<Results<Ok<SurveyResponse>, ProblemHttpResult>> GetIncidentSurvey(
        SatisfactionSurveys surveys, string reference, CancellationToken cancellationToken)
    {
        var found = await surveys.ForIncidentAsync(reference, cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value.ToResponse(surveys.TokenFor(found.Value))) : found.Error.ToProblem();
    }

    public static async Task<Results<Ok<SatisfactionResponse>, ProblemHttpResult>> GetSatisfaction(
        SatisfactionSurveys surveys, TimeProvider clock, DateTime? from, DateTime? to, string? service, CancellationToken cancellationToken)
    {
        var end = to?.ToUniversalTime() ?? clock.UtcNow();
        if (end < DateTime.MinValue.AddYears(1))
            return Error.Invalid("to", "'to' is too far in the past.").ToProblem();
        var start = from?.ToUniversalTime() ?? end.AddDays(-90);
        var found = await surveys.ByServiceAsync(start, end, service, cancellationToken);
        return found.Succeeded
            ? TypedResults.Ok(new SatisfactionResponse(start, end, [.. found.Value.Select(s => s.ToResponse())]))
            : found.Error.ToProblem();
    }

    public static ServiceSatisfactionResponse ToResponse(this ServiceSatisfaction satisfaction) =>
        new(satisfaction.ServiceKey, satisfaction.ServiceName, satisfaction.Sent, satisfaction.Answered, satisfaction.ResponseRate,
            satisfaction.MeanRating, satisfaction.RatingCounts);

    public static SurveyResponse ToResponse(this SurveyInvitation invitation, string token) =>
        new(invitation.Recipient, "/survey/" + Uri.EscapeDataString(token), invitation.SentAt, invitation.ExpiresAt, invitation.AnsweredAt, invitation.Rating, invitation.Comment,
            invitation.MailedAt, invitation.MailAttempts, invitation.MailError);
}
