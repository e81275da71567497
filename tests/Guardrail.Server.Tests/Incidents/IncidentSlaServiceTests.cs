using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Server.Tests.Incidents.IncidentCalls;

namespace Guardrail.Server.Tests.Incidents;

/// <summary>The server checks SLA clocks often here, so a warning or breach shows within a test's patience.</summary>
public sealed class IncidentSlaApp : GuardrailApp
{
    public IncidentSlaApp() => Settings["IncidentSla:PollInterval"] = "00:00:00.200";
}

/// <summary>The background service flags a P1's response clock as it passes three quarters of its 15 minutes, then its end.</summary>
public sealed class IncidentSlaServiceTests(IncidentSlaApp app) : IClassFixture<IncidentSlaApp>
{
    [Fact]
    public async Task The_server_flags_a_warning_and_then_a_breach_on_the_incident_and_in_the_list()
    {
        var responder = await app.ClientAsAsync(Role.Responder);
        var title = Json.Unique("sla");
        var created = await CreateAsync(responder, new IncidentRequest(title, "high", "high"));
        var number = Number(created);

        app.Clock.Advance(TimeSpan.FromMinutes(12));
        var warned = await TimelineWithAsync(responder, number, "sla-warning");
        var warnings = await ListAsync(responder, $"search={title}&sla=warning");
        app.Clock.Advance(TimeSpan.FromMinutes(4));
        var breached = await TimelineWithAsync(responder, number, "sla-breached");
        var breaches = await ListAsync(responder, $"search={title}&sla=breached");

        Assert.Equal("warning", Text(warned["incident"]!["responseSla"]!["state"]));
        Assert.Equal(number, Text(Assert.Single(warnings)!["number"]));
        Assert.Equal("breached", Text(breached["incident"]!["responseSla"]!["state"]));
        Assert.Equal("within", Text(breached["incident"]!["resolutionSla"]!["state"]));
        Assert.Equal(number, Text(Assert.Single(breaches)!["number"]));
        Assert.Equal(["opened", "sla-warning", "sla-breached"], Kinds(breached));
        Assert.All(breached["timeline"]!.AsArray().Skip(1), e => Assert.Equal("system:sla", Text(e!["actor"])));
    }

    /// <summary>Polls until the timeline has a line of that kind; fails after a minute rather than hang.</summary>
    private static async Task<System.Text.Json.Nodes.JsonNode> TimelineWithAsync(HttpClient client, string number, string kind)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var detail = await GetAsync(client, number);
            if (Kinds(detail).Contains(kind))
                return detail;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{number} never got a '{kind}' line.");
    }
}
