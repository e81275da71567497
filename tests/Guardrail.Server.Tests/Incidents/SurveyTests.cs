using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Guardrail.Contracts;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents.Satisfaction;
using Guardrail.Server.Tests.Changes;
using Guardrail.Server.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Incidents;

/// <summary>The satisfaction survey: sent on resolution, answered once through its signed link by someone with no account.</summary>
public sealed partial class SurveyTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    private async Task<(ChangeWorld World, Target Target, string Incident)> ResolvedAsync(string? reporterEmail = "ana@example.com")
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var created = await world.Admin.PostAsJsonAsync("/api/v1/incidents",
            new IncidentRequest("Statements do not load", "medium", "high", Services: [target.Service], ReporterName: "Ana", ReporterEmail: reporterEmail));
        var body = await created.ReadJsonAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        var incident = ChangeWorld.Text(body["incident"]!["number"]);
        await MoveAsync(world, incident, "resolve");
        return (world, target, incident);
    }

    private static async Task MoveAsync(ChangeWorld world, string incident, string action)
    {
        var version = (await (await world.Admin.GetAsync($"/api/v1/incidents/{incident}")).ReadJsonAsync())["incident"]!["version"]!.GetValue<long>();
        var moved = await world.Admin.PostAsJsonAsync($"/api/v1/incidents/{incident}/transitions",
            new IncidentTransitionRequest(action, version, Reason: action == "reopen" ? "It broke again." : null, ResolutionNotes: "Restarted the statement renderer."));
        Assert.True(moved.StatusCode == HttpStatusCode.OK, (await moved.ReadJsonAsync()).ToJsonString());
    }

    private static async Task<JsonNode> SurveyAsync(ChangeWorld world, string incident)
    {
        var survey = await world.Admin.GetAsync($"/api/v1/incidents/{incident}/survey");
        var body = await survey.ReadJsonAsync();
        Assert.True(survey.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    /// <summary>A browser with no account opening a survey link: its client and the form's anti-forgery token.</summary>
    private async Task<(HttpClient Browser, string Antiforgery)> OpenAsync(string link)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await browser.GetAsync(link);
        var antiforgery = AntiforgeryField().Match(await form.Content.ReadAsStringAsync());
        Assert.True(antiforgery.Success, $"{link} shows no form ({form.StatusCode}).");
        return (browser, antiforgery.Groups[1].Value);
    }

    private static async Task<(HttpStatusCode Status, string Page)> SendAsync((HttpClient Browser, string Antiforgery) opened, string link, string? rating, string? comment = null)
    {
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = opened.Antiforgery };
        if (rating is not null)
            fields["rating"] = rating;
        if (comment is not null)
            fields["comment"] = comment;
        var sent = await opened.Browser.PostAsync(link, new FormUrlEncodedContent(fields));
        return (sent.StatusCode, await sent.Content.ReadAsStringAsync());
    }

    private async Task<(HttpStatusCode Status, string Page)> AnswerAsync(string link, string? rating, string? comment = null) =>
        await SendAsync(await OpenAsync(link), link, rating, comment);

    private static string? InvitationOf(ITokenSigner signer, JsonNode survey) =>
        signer.Verify(SatisfactionSurveys.Purpose, Uri.UnescapeDataString(ChangeWorld.Text(survey["link"])["/survey/".Length..]));

    private static string CodeOn(string page) => ProblemCode().Match(page) is { Success: true } found ? found.Groups[1].Value : "(none)";

    [Fact]
    public async Task The_reporter_answers_once_through_the_link_and_the_service_counts_the_answer()
    {
        var (world, target, incident) = await ResolvedAsync();
        var survey = await SurveyAsync(world, incident);
        var link = ChangeWorld.Text(survey["link"]);

        var opened = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(link + "?rating=4");
        var otherTab = await OpenAsync(link);
        var (status, page) = await AnswerAsync(link, "4", "Quick and clear, thank you.");
        var (again, second) = await SendAsync(otherTab, link, "1", "Changed my mind.");

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var form = await opened.Content.ReadAsStringAsync();
        Assert.Contains(incident, form, StringComparison.Ordinal);
        Assert.Matches("value=\"4\"[^>]*checked", form);
        Assert.True(status == HttpStatusCode.OK, page);
        Assert.Contains("rating of 4 out of 5 is recorded", page, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Conflict, "survey.already_answered"), (again, CodeOn(second)));
        var answered = await SurveyAsync(world, incident);
        Assert.Equal(4, answered["rating"]!.GetValue<int>());
        Assert.Equal("Quick and clear, thank you.", ChangeWorld.Text(answered["comment"]));
        var results = await (await world.Admin.GetAsync($"/api/v1/satisfaction?service={target.Service}")).ReadJsonAsync();
        var service = Assert.Single(results["services"]!.AsArray())!;
        Assert.Equal((1, 1, 4.0), (service["sent"]!.GetValue<int>(), service["answered"]!.GetValue<int>(), service["meanRating"]!.GetValue<double>()));
        Assert.Equal([0, 0, 0, 1, 0], service["ratingCounts"]!.AsArray().Select(c => c!.GetValue<int>()));
    }

    [Fact]
    public async Task Forged_altered_and_foreign_tokens_open_nothing_and_record_nothing()
    {
        var (world, _, incident) = await ResolvedAsync();
        var link = ChangeWorld.Text((await SurveyAsync(world, incident))["link"]);
        var token = Uri.UnescapeDataString(link["/survey/".Length..]);
        var signer = app.Services.GetRequiredService<ITokenSigner>();
        var invitationId = signer.Verify(SatisfactionSurveys.Purpose, token)!;
        var altered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];

        var forgeries = new[]
        {
            altered,
            invitationId,
            signer.Sign("Guardrail.Something.Else", invitationId),
            signer.Sign(SatisfactionSurveys.Purpose, "999999999"),
        };
        var genuineForm = await OpenAsync(link);
        foreach (var forged in forgeries)
        {
            var forgedLink = "/survey/" + Uri.EscapeDataString(forged);
            var opened = await app.CreateClient().GetAsync(forgedLink);
            var (status, page) = await SendAsync(genuineForm, forgedLink, "1");
            Assert.Equal((HttpStatusCode.NotFound, "survey.invalid_link"), (opened.StatusCode, CodeOn(await opened.Content.ReadAsStringAsync())));
            Assert.Equal((HttpStatusCode.NotFound, "survey.invalid_link"), (status, CodeOn(page)));
        }

        Assert.Null((await SurveyAsync(world, incident))["answeredAt"]);
    }

    [Fact]
    public async Task A_rating_outside_one_to_five_is_refused_and_the_link_stays_usable()
    {
        var (world, _, incident) = await ResolvedAsync();
        var link = ChangeWorld.Text((await SurveyAsync(world, incident))["link"]);

        var form = await OpenAsync(link);
        var outside = new[] { "0", "6", "three" };
        foreach (var rating in outside)
        {
            var (status, page) = await SendAsync(form, link, rating);
            Assert.True(status == HttpStatusCode.BadRequest && page.Contains("from 1 (very dissatisfied) to 5", StringComparison.Ordinal), $"{rating}: {status}");
        }
        var (missing, _) = await SendAsync(form, link, null);

        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Null((await SurveyAsync(world, incident))["answeredAt"]);
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(link, "5")).Status);
    }

    [Fact]
    public async Task Only_a_reporter_with_an_address_is_surveyed_and_a_reopened_incident_keeps_its_one_survey()
    {
        var (world, _, anonymous) = await ResolvedAsync(reporterEmail: null);
        var (_, _, incident) = await ResolvedAsync();
        var first = await SurveyAsync(world, incident);

        await MoveAsync(world, incident, "reopen");
        await MoveAsync(world, incident, "resolve");
        var none = await world.Admin.GetAsync($"/api/v1/incidents/{anonymous}/survey");

        Assert.Equal((HttpStatusCode.NotFound, "survey.not_found"), (none.StatusCode, ChangeWorld.Text((await none.ReadJsonAsync())["code"])));
        var signer = app.Services.GetRequiredService<ITokenSigner>();
        var again = await SurveyAsync(world, incident);
        Assert.Equal(first["sentAt"]!.GetValue<DateTime>(), again["sentAt"]!.GetValue<DateTime>());
        Assert.Equal(InvitationOf(signer, first), InvitationOf(signer, again));
        var timeline = (await (await world.Admin.GetAsync($"/api/v1/incidents/{incident}")).ReadJsonAsync())["timeline"]!.AsArray();
        Assert.Single(timeline, e => ChangeWorld.Text(e!["kind"]) == "survey-ready");
    }

    [Fact]
    public async Task A_link_older_than_its_lifetime_has_expired()
    {
        var (world, _, incident) = await ResolvedAsync();
        var link = ChangeWorld.Text((await SurveyAsync(world, incident))["link"]);
        var openedInTime = await OpenAsync(link);

        app.Clock.Advance(SatisfactionSurveys.LinkLifetime + TimeSpan.FromHours(1));
        try
        {
            var opened = await app.CreateClient().GetAsync(link);
            var (status, page) = await SendAsync(openedInTime, link, "3");
            Assert.Equal((HttpStatusCode.Conflict, "survey.expired"), (opened.StatusCode, CodeOn(await opened.Content.ReadAsStringAsync())));
            Assert.Equal((HttpStatusCode.Conflict, "survey.expired"), (status, CodeOn(page)));
        }
        finally
        {
            app.Clock.Advance(-(SatisfactionSurveys.LinkLifetime + TimeSpan.FromHours(1)));
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("data-code=\"([^\"]+)\"")]
    private static partial Regex ProblemCode();
}
