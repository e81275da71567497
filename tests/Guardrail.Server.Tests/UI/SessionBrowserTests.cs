using System.Net;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using static Microsoft.Playwright.Assertions;

namespace Guardrail.Server.Tests.UI;

public sealed class SessionBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_api_reference_loads_the_openapi_document_for_a_signed_in_user()
    {
        var page = await app.NewPageAsync();
        await ServicePagesBrowserTests.SignInAsync(page, await app.CreateUserAsync(Role.Reader));

        var document = page.WaitForResponseAsync(response => response.Url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        await page.GotoAsync("/docs/");

        Assert.Equal((int)HttpStatusCode.OK, (await document).Status);
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Guardrail API" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Create a team.").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_sign_in_on_one_node_is_honoured_by_another_node_of_the_same_store()
    {
        var page = await app.NewPageAsync();
        await ServicePagesBrowserTests.SignInAsync(page, await app.CreateUserAsync(Role.Reader));
        var session = (await page.Context.CookiesAsync()).Single(cookie => cookie.Name == "guardrail.session");
        using var otherNode = app.WithWebHostBuilder(b => b.UseSetting("Storage:DataDirectory", app.DataDirectory));
        var client = otherNode.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{session.Name}={session.Value}");

        var response = await client.GetAsync("/services");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
