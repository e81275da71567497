using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Guardrail.Contracts;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Support;
using MimeKit;
using netDumbster.smtp;

namespace Guardrail.Server.Tests.Incidents;

/// <summary>A Guardrail that mails its surveys through a local SMTP server, which records what it receives.</summary>
public class MailingApp : GuardrailApp
{
    public MailingApp()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Settings["Mail:Host"] = "127.0.0.1";
        Settings["Mail:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Mail:Security"] = "None";
        Settings["Mail:From"] = "guardrail@demo-bank.example";
        Settings["Mail:PublicUrl"] = "https://guardrail.demo-bank.example";
        Settings["Mail:PollInterval"] = "00:00:00.200";
    }

    public int Port { get; }

    /// <summary>The SMTP server, once started: a test may let Guardrail find it down first.</summary>
    public SimpleSmtpServer? Smtp { get; private set; }

    public SimpleSmtpServer StartSmtp() => Smtp ??= SimpleSmtpServer.Start(Port);

    protected override void Dispose(bool disposing)
    {
        Smtp?.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class SmtpDownApp : MailingApp;

/// <summary>Resolving an incident with a reporter's address; returns the incident number and the address.</summary>
internal static class Resolutions
{
    public static async Task<(ChangeWorld World, string Number, string Reporter)> ResolvedAsync(GuardrailApp app)
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var reporter = $"{Json.Unique("reporter")}@example.com";
        var created = await world.Admin.PostAsJsonAsync("/api/v1/incidents",
            new IncidentRequest("Transfers stuck", "medium", "medium", Services: [target.Service], ReporterName: "Noor", ReporterEmail: reporter));
        var number = ChangeWorld.Text((await created.ReadJsonAsync())["incident"]!["number"]);
        var version = (await (await world.Admin.GetAsync($"/api/v1/incidents/{number}")).ReadJsonAsync())["incident"]!["version"]!.GetValue<long>();
        var resolved = await world.Admin.PostAsJsonAsync($"/api/v1/incidents/{number}/transitions", new IncidentTransitionRequest("resolve", version, ResolutionNotes: "Replayed the queue."));
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        return (world, number, reporter);
    }

    public static async Task<MimeMessage> ReceivedForAsync(SimpleSmtpServer smtp, string recipient)
    {
        for (var waited = 0; waited < 100; waited++)
        {
            if (smtp.ReceivedEmail.FirstOrDefault(m => m.ToAddresses.Any(a => a.Address == recipient)) is { } received)
                return await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(received.Data)));
            await Task.Delay(100);
        }
        throw new TimeoutException($"No survey was mailed to {recipient} within 10 s.");
    }
}

public sealed class SurveyMailRetryTests(SmtpDownApp app) : IClassFixture<SmtpDownApp>
{
    [Fact]
    public async Task A_mail_server_that_is_down_costs_no_attempt_shows_why_and_the_survey_goes_out_once_it_is_back()
    {
        var (world, number, reporter) = await Resolutions.ResolvedAsync(app);
        var survey = await world.Admin.GetAsync($"/api/v1/incidents/{number}/survey");
        for (var waited = 0; waited < 100 && (await survey.ReadJsonAsync())["mailError"] is null; waited++)
        {
            await Task.Delay(100);
            survey = await world.Admin.GetAsync($"/api/v1/incidents/{number}/survey");
        }
        var failed = await survey.ReadJsonAsync();
        Assert.StartsWith("The mail server could not be reached", ChangeWorld.Text(failed["mailError"]), StringComparison.Ordinal);
        Assert.Null(failed["mailedAt"]);
        Assert.Equal(0, failed["mailAttempts"]!.GetValue<int>());

        var smtp = app.StartSmtp();
        var mail = await Resolutions.ReceivedForAsync(smtp, reporter);

        Assert.Contains(number, mail.Subject, StringComparison.Ordinal);
        var sent = await (await world.Admin.GetAsync($"/api/v1/incidents/{number}/survey")).ReadJsonAsync();
        Assert.NotNull(sent["mailedAt"]);
        Assert.Null(sent["mailError"]);
        Assert.Equal(1, sent["mailAttempts"]!.GetValue<int>());
    }
}

public sealed partial class SurveyMailTests(MailingApp app) : IClassFixture<MailingApp>
{
    [Fact]
    public async Task The_reporter_is_mailed_the_survey_link_once_and_the_link_in_the_mail_opens_the_survey()
    {
        var smtp = app.StartSmtp();
        var (world, number, reporter) = await Resolutions.ResolvedAsync(app);

        var mail = await Resolutions.ReceivedForAsync(smtp, reporter);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Single(smtp.ReceivedEmail, m => m.ToAddresses.Any(a => a.Address == reporter));
        Assert.Equal($"How did we do? {number}: Transfers stuck", mail.Subject);
        Assert.Equal("guardrail@demo-bank.example", mail.From.Mailboxes.Single().Address);
        var text = mail.TextBody ?? "";
        var links = SurveyLink().Matches(text).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["5", "4", "3", "2", "1"], SurveyLink().Matches(text).Select(m => m.Groups[2].Value));
        var opened = await app.CreateClient().GetAsync($"/survey/{links[1]}?rating=4");
        var page = await opened.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains(number, page, StringComparison.Ordinal);
        var survey = await (await world.Admin.GetAsync($"/api/v1/incidents/{number}/survey")).ReadJsonAsync();
        Assert.NotNull(survey["mailedAt"]);
        Assert.Null(survey["mailError"]);
    }

    [GeneratedRegex(@"https://guardrail\.demo-bank\.example/survey/(\S+)\?rating=([1-5])")]
    private static partial Regex SurveyLink();
}
