using Microsoft.Playwright;

namespace Guardrail.Server.Tests.Support;

internal static class PageReloads
{
    /// <summary>Reloads until background work (the inbox processor, the outbox) shows in the locator's text; fails rather than hang.</summary>
    public static async Task ReloadUntilAsync(this IPage page, ILocator locator, string text)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if ((await locator.AllTextContentsAsync()).Any(t => t.Contains(text, StringComparison.Ordinal)))
                return;
            await Task.Delay(100);
            await page.ReloadAsync();
        }
        throw new TimeoutException($"'{text}' never showed in {locator} on {page.Url}.");
    }
}
