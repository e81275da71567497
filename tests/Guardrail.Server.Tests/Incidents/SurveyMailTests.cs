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

/// <summary>A local SMTP server that records what it receives, and a Guardrail that mails its surveys through it.</summary>
public sealed class MailingApp : GuardrailApp
{
    public MailingApp()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Smtp = SimpleSmtpServer.Start(port);
        Settings["Mail:Host"] = "127.0.0.1";
        Settings["Mail:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Mail:Security"] = "None";
        Settings["Mail:From"] = "guardrail@demo-bank.example";
        Settings["Mail:PublicUrl"] = "https://guardrail.demo-bank.example";
        Settings["Mail:PollInterval"] = "00:00:00.200";
    }

    public SimpleSmtpServer Smtp { get; }

    protected override void Dispose(bool disposing)
    {
        Smtp.Dispose();
        base.Dispose(disposing);
    }
}

public sealed partial class SurveyMailTests(MailingApp app) : IClassFixture<MailingApp>
{
    [Fact]
    public async Task The_reporter_is_mailed_the_survey_link_once_and_the_link_in_the_mail_opens_the_survey()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var reporter = $"{Json.Unique("reporter")}@example.com";
        var created = await world.Admin.PostAsJsonAsync("/api/v1/incidents",
            new IncidentRequest("Transfers stuck", "medium", "medium", Services: [target.Service], ReporterName: "Noor", ReporterEmail: reporter));
        var number = ChangeWorld.Text((await created.ReadJsonAsync())["incident"]!["number"]);
        var version = (await (await world.Admin.GetAsync($"/api/v1/incidents/{number}")).ReadJsonAsync())["incident"]!["version"]!.GetValue<long>();
        await world.Admin.PostAsJsonAsync($"/api/v1/incidents/{number}/transitions", new IncidentTransitionRequest("resolve", version, ResolutionNotes: "Replayed the queue."));

        var mail = await ReceivedForAsync(reporter);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Single(app.Smtp.ReceivedEmail, m => m.ToAddresses.Any(a => a.Address == reporter));
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

    private async Task<MimeMessage> ReceivedForAsync(string recipient)
    {
        for (var waited = 0; waited < 100; waited++)
        {
            if (app.Smtp.ReceivedEmail.FirstOrDefault(m => m.ToAddresses.Any(a => a.Address == recipient)) is { } received)
                return await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(received.Data)));
            await Task.Delay(100);
        }
        throw new TimeoutException($"No survey was mailed to {recipient} within 10 s.");
    }

    [GeneratedRegex(@"https://guardrail\.demo-bank\.example/survey/(\S+)\?rating=([1-5])")]
    private static partial Regex SurveyLink();
}
