using Microsoft.Playwright;

namespace Integration.EndToEnd.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (headless): the browser is the one the machine has (installed by
/// eng/prerequisites.sh), never one downloaded at run time. Screenshots go to the test output's screenshots folder.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async ValueTask InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium is not installed at {executable}; the Portal's browser tests need it. Run ./eng/prerequisites.sh (apt-get install chromium).");
        }

        // Assertions wait as long as the pages' own waits (30 s), not Playwright's 5 s: on two cores shared with the whole
        // graph and the other test classes, drawing a canvas can take longer than that.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // Root in CI has no user namespaces for Chromium's sandbox; the pages are the suite's own, on loopback.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context (its own cookies), signed in to the Portal as <paramref name="user"/> with <paramref name="roles"/> on its sign-in page.</summary>
    public async Task<IPage> SignInAsync(Uri portal, string user, params string[] roles)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(user);
        foreach (var role in roles)
        {
            await page.Locator($"input[name='Form.Roles'][value='{role}']").CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await page.GetByTestId("signed-in-as").WaitForAsync();
        }
        catch (TimeoutException)
        {
            await ScreenshotAsync(page, $"sign-in-failed-{user}");
            throw new TimeoutException($"Signing in as {user} did not reach the Portal's pages; the page at {page.Url} says: {await page.InnerTextAsync("body")}");
        }

        return page;
    }

    /// <summary>Waits for what the page should show; if it does not come, fails with a screenshot and what the page does say.</summary>
    public static async Task ExpectAsync(IPage page, ILocator locator, string what)
    {
        try
        {
            await locator.First.WaitForAsync();
        }
        catch (TimeoutException)
        {
            var name = "missing-" + new string([.. what.Where(char.IsLetterOrDigit)]);
            await ScreenshotAsync(page, name);
            throw new TimeoutException($"The page at {page.Url} did not show {what} (screenshot {name}.png); it says: {await page.InnerTextAsync("body")}");
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
