using Guardrail.Core.Common;
using Guardrail.Core.Integrations.Mail;
using Guardrail.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guardrail.Core.Incidents.Satisfaction;

/// <summary>
/// E-mails each new survey invitation's link to the reporter, retrying a failed send with backoff up to
/// <see cref="MaxAttempts"/> times. Each invitation is claimed by a conditional update before it is sent, so two nodes
/// never mail the same one.
/// </summary>
public sealed class SurveyMailing(GuardrailDb db, SatisfactionSurveys surveys, SmtpMailer mailer, IOptions<MailOptions> options, TimeProvider clock)
{
    public const int MaxAttempts = 5;

    private const int BatchSize = 50;

    private static readonly TimeSpan s_firstRetry = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan s_longestRetry = TimeSpan.FromHours(1);

    private static readonly TimeSpan s_lease = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Sends the invitations due; returns how many went out. A mail server that cannot be reached costs no attempt: the
    /// reason is shown on each waiting invitation and the next tick tries again. A claim holds an invitation for at least
    /// <see cref="s_lease"/>, longer than a send may take, so no other node sends it meanwhile.
    /// </summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        if (!mailer.IsConfigured)
            return 0;
        var now = clock.UtcNow();
        var due = await db.SurveyInvitations.AsNoTracking().Include(i => i.Incident)
            .Where(i => i.MailedAt == null && i.AnsweredAt == null && i.MailAttempts < MaxAttempts && i.ExpiresAt > now && (i.NextMailAt == null || i.NextMailAt <= now))
            .OrderBy(i => i.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (due.Count == 0)
            return 0;
        SmtpSession session;
        try
        {
            session = await mailer.ConnectAsync(cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            var ids = due.Select(i => i.Id).ToList();
            await db.SurveyInvitations.Where(i => ids.Contains(i.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.MailError, Describe("The mail server could not be reached", failure)), cancellationToken);
            return 0;
        }
        await using (session)
        {
            var sent = 0;
            foreach (var invitation in due)
            {
                var attempt = invitation.MailAttempts + 1;
                var backoff = Backoff.After(attempt, s_firstRetry, s_longestRetry);
                var claimed = await db.SurveyInvitations.Where(i => i.Id == invitation.Id && i.MailAttempts == invitation.MailAttempts && i.MailedAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(i => i.MailAttempts, attempt)
                        .SetProperty(i => i.NextMailAt, clock.UtcNow() + (backoff > s_lease ? backoff : s_lease)), cancellationToken);
                if (claimed == 0)
                    continue;
                try
                {
                    await session.SendAsync(invitation.Recipient, Subject(invitation.Incident!), Text(invitation), cancellationToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    await db.SurveyInvitations.Where(i => i.Id == invitation.Id)
                        .ExecuteUpdateAsync(set => set.SetProperty(i => i.MailError, Describe("The mail server refused it", failure)), cancellationToken);
                    // The connection may be gone; the rest of the batch waits for the next tick rather than each paying an attempt.
                    break;
                }
                await db.SurveyInvitations.Where(i => i.Id == invitation.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(i => i.MailedAt, clock.UtcNow()).SetProperty(i => i.MailError, (string?)null), cancellationToken);
                sent++;
            }
            return sent;
        }
    }

    private static string Describe(string what, Exception failure)
    {
        var text = $"{what}: {failure.GetType().Name}: {failure.Message}";
        return text.Length > 1000 ? text[..1000] : text;
    }

    private static string Subject(Incident incident) => $"How did we do? {incident.Number}: {incident.Title}";

    private string Text(SurveyInvitation invitation)
    {
        var link = options.Value.PublicUrl.TrimEnd('/') + "/survey/" + Uri.EscapeDataString(surveys.TokenFor(invitation));
        var incident = invitation.Incident!;
        return $"""
            Hello,

            You reported {incident.Number}, "{incident.Title}". The service was restored{(incident.ResolvedAt is { } at ? $" on {at:d MMMM yyyy 'at' HH:mm} UTC" : "")}.

            How satisfied are you with how it was handled? Pick a rating, from 1 (very dissatisfied) to 5 (very satisfied):

            {string.Join(Environment.NewLine, Enumerable.Range(1, 5).Reverse().Select(score => $"  {score}: {link}?rating={score}"))}

            The link works once, needs no account, and expires on {invitation.ExpiresAt:d MMMM yyyy}.
            """;
    }
}
