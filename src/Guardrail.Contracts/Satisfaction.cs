namespace Guardrail.Contracts;

/// <summary>
/// Customer satisfaction with one service's incidents in a period: surveys sent on resolution, answered, the response rate,
/// the mean rating (1–5) and how many answers gave each rating, from 1 to 5.
/// </summary>
public sealed record ServiceSatisfactionResponse(
    string Service,
    string ServiceName,
    int Sent,
    int Answered,
    double? ResponseRate,
    double? MeanRating,
    IReadOnlyList<int> RatingCounts);

public sealed record SatisfactionResponse(DateTime From, DateTime To, IReadOnlyList<ServiceSatisfactionResponse> Services);

/// <summary>
/// The survey of one incident as its responders see it: whom it is for, the link to give them (a path on this server,
/// signed and good for one answer), and the answer once given.
/// </summary>
public sealed record SurveyResponse(
    string Recipient, string Link, DateTime SentAt, DateTime ExpiresAt, DateTime? AnsweredAt, int? Rating, string? Comment,
    DateTime? MailedAt, int MailAttempts, string? MailError);
