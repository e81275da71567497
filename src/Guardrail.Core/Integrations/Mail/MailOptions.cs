using System.ComponentModel.DataAnnotations;

namespace Guardrail.Core.Integrations.Mail;

public enum SmtpSecurity
{
    /// <summary>Upgrade with STARTTLS when the server offers it (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,

    /// <summary>Plain text, for a relay on the same host or network only.</summary>
    None,
}

/// <summary>
/// The SMTP server Guardrail sends its e-mail through (satisfaction surveys); no host, no e-mail. The password comes from
/// the environment only (<c>GUARDRAIL_MAIL__PASSWORD</c>). <see cref="PublicUrl"/> is where people reach this server, for
/// the links in the mail.
/// </summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    [EmailAddress]
    public string From { get; set; } = "guardrail@localhost";

    [Url]
    public string PublicUrl { get; set; } = "http://localhost:8080";

    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
