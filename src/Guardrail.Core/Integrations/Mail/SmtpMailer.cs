using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Guardrail.Core.Integrations.Mail;

/// <summary>Sends plain-text e-mail through the configured SMTP server, one connection per batch of messages.</summary>
public sealed class SmtpMailer(IOptions<MailOptions> options)
{
    public bool IsConfigured => options.Value.IsConfigured;

    public async Task<SmtpSession> ConnectAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(settings.Host ?? throw new InvalidOperationException("No mail server is configured (Mail:Host)."), settings.Port, settings.Security switch
            {
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            }, cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
            return new SmtpSession(client, MailboxAddress.Parse(settings.From));
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}

public sealed class SmtpSession(SmtpClient client, MailboxAddress from) : IAsyncDisposable
{
    public async Task SendAsync(string to, string subject, string text, CancellationToken cancellationToken)
    {
        using var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        await client.SendAsync(message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
            await client.DisconnectAsync(quit: true);
        client.Dispose();
    }
}
