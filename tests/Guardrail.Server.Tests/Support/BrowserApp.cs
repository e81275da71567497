using System.Collections.Concurrent;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guardrail.Server.Tests.Support;

/// <summary>A signed-up user the browser signs in as.</summary>
public sealed record TestUser(string UserName, string Password, Role Role);

/// <summary>
/// The real server on a real loopback socket (Kestrel on a free port) and a headless Chromium to drive its
/// pages. Each test opens its own browser context, so cookies never leak between tests.
/// </summary>
public sealed class BrowserApp : GuardrailApp, IAsyncLifetime
{
    private static readonly string[] s_chromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly ConcurrentDictionary<Role, Lazy<Task<(TestUser User, string State)>>> _sessions = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseUrl = new Uri(addresses.First());

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("GUARDRAIL_TEST_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = s_chromiumArgs,
        });
    }

    /// <summary>A fresh browser context (own cookies) pointed at the server.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl.ToString() });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A fresh browser context already signed in as an account of the role. The login page takes ten requests a minute
    /// from one address, so each role signs in once per server and later contexts start from that session's cookies.
    /// The page is on the overview.
    /// </summary>
    public async Task<IPage> NewSignedInPageAsync(Role role)
    {
        var session = await SessionAsync(role);
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl.ToString(), StorageState = session.State });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        return page;
    }

    /// <summary>The account the pages of <see cref="NewSignedInPageAsync"/> are signed in as, for a role.</summary>
    public async Task<TestUser> SignedInUserAsync(Role role) => (await SessionAsync(role)).User;

    private Task<(TestUser User, string State)> SessionAsync(Role role) =>
        _sessions.GetOrAdd(role, r => new Lazy<Task<(TestUser, string)>>(() => SignInOnceAsync(r))).Value;

    private async Task<(TestUser User, string State)> SignInOnceAsync(Role role)
    {
        var user = await CreateUserAsync(role);
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.Locator("input[name=userName]").FillAsync(user.UserName);
        await page.Locator("input[name=password]").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        var session = await page.Context.StorageStateAsync();
        await page.Context.CloseAsync();
        return (user, session);
    }

    /// <summary>Creates a local account through Core, as an administrator would.</summary>
    public async Task<TestUser> CreateUserAsync(Role role)
    {
        var user = new TestUser($"ui-{WireNames.Of(role)}-{Guid.NewGuid():N}"[..30], $"pw-{Guid.NewGuid():N}", role);
        using var scope = Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
            new CreateUserRequest(user.UserName, $"Test {WireNames.Of(role)}", WireNames.Of(role), user.Password), Actor.System, CancellationToken.None);
        if (!created.Succeeded)
            throw new InvalidOperationException($"Could not create test user: {created.Error.Message}");
        return user;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
    }
}
