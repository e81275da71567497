using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Guardrail.Server.Tests.UI;

public sealed class ServicePagesBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_admin_creates_a_team_and_a_service_finds_it_and_sees_field_errors_for_bad_input()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var page = await app.NewPageAsync();
        await SignInAsync(page, await app.CreateUserAsync(Role.Admin));

        await page.GotoAsync("/teams/new");
        await page.Locator("input[name=key]").FillAsync($"payments-{suffix}");
        await page.Locator("input[name=name]").FillAsync($"Payments {suffix}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(app.BaseUrl, $"/teams/payments-{suffix}").ToString());

        await page.GotoAsync("/services/new");
        await page.Locator("input[name=key]").FillAsync($"checkout-{suffix}");
        await page.Locator("input[name=name]").FillAsync($"Checkout {suffix}");
        await page.Locator("select[name=kind]").SelectOptionAsync("technical");
        await page.Locator("select[name=criticality]").SelectOptionAsync("tier2");
        await page.Locator("select[name=ownerTeam]").SelectOptionAsync($"payments-{suffix}");
        await page.Locator("textarea[name=description]").FillAsync("Takes the basket to payment.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create service" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(app.BaseUrl, $"/services/checkout-{suffix}").ToString());
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("was created");

        await page.GotoAsync("/services");
        await page.Locator("input[name=q]").FillAsync(suffix);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var rows = page.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync($"checkout-{suffix}");
        await Expect(rows.First.Locator(".badge")).ToHaveTextAsync("tier2");

        await rows.First.GetByRole(AriaRole.Link, new() { Name = $"Checkout {suffix}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"Checkout {suffix}");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync($"Payments {suffix}");
        await Expect(page.Locator(".prose")).ToHaveTextAsync("Takes the basket to payment.");

        await page.GotoAsync("/services/new");
        await page.Locator("input[name=key]").FillAsync("Not A Key!");
        await page.Locator("select[name=ownerTeam]").SelectOptionAsync($"payments-{suffix}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create service" }).ClickAsync();
        await Expect(page.Locator("#key-error.field-error")).ToContainTextAsync("lower-case letters, digits or dashes");
        await Expect(page.Locator("#name-error.field-error")).ToContainTextAsync("'name' is required");
        await Expect(page.Locator("input[name=key]")).ToHaveClassAsync("invalid");
        await Expect(page.Locator("input[name=name]")).ToHaveClassAsync("invalid");
        await Expect(page.Locator("input[name=key]")).ToHaveValueAsync("Not A Key!");
        await Expect(page.Locator("#ownerTeam-error")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_reader_sees_no_new_service_button_and_is_refused_the_form()
    {
        var page = await app.NewPageAsync();
        await SignInAsync(page, await app.CreateUserAsync(Role.Reader));

        await page.GotoAsync("/services");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Services" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New service" })).ToHaveCountAsync(0);

        var response = await page.GotoAsync("/services/new");
        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Guardrail" })).ToBeVisibleAsync();
    }

    internal static async Task SignInAsync(IPage page, TestUser user)
    {
        await page.GotoAsync("/login");
        await page.Locator("input[name=userName]").FillAsync(user.UserName);
        await page.Locator("input[name=password]").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
    }
}
