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
