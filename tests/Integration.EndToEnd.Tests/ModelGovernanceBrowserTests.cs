using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Integration.Contracts.Inference;
using Integration.ServiceDefaults.Auth;
using Microsoft.Playwright;

namespace Integration.EndToEnd.Tests;

/// <summary>
/// What only an admin does on the Models page, in a real browser: promoting a version the gate refused, with a reason the
/// governance audit keeps; putting the better version back; freezing a new golden version from reviewed tickets. Each
/// changes what every other test's classifier serves or is measured on, so the class runs alone, after the others.
/// </summary>
[Collection(nameof(Destructive))]
public sealed class ModelGovernanceBrowserTests(SuiteFixture suite, Browser browser) : IClassFixture<Browser>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Uri Portal => suite.App.GetEndpoint("portal", "http");

    [Fact]
    public async Task An_admin_overrides_the_gate_with_a_reason_puts_the_better_version_back_and_freezes_a_golden_version()
    {
        var inference = suite.CreateHttpClient("inference", "ada", Roles.Admin);
        var serving = await ServingAsync(inference);
        var admin = await browser.SignInAsync(Portal, "ada", Roles.Admin);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Models" }).ClickAsync();
        await Browser.ExpectAsync(admin, admin.GetByTestId("train-run"), "the training form");

        // A candidate reading words alone, which the gate refuses against the serving version (it reads meaning too).
        await admin.GetByTestId("train").GetByText("reviewers' corrections").ClickAsync();
        await admin.GetByTestId("train-meaning").ClickAsync();
        await admin.GetByTestId("train-run").ClickAsync();
        await Browser.ExpectAsync(admin, admin.GetByTestId("train-result"), "the training run's result");
        var candidate = int.Parse(Regex.Match(await admin.GetByTestId("train-result").InnerTextAsync(), @"Version (\d+) trained").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await admin.GetByTestId($"promote-v{candidate}").ClickAsync();
        await Browser.ExpectAsync(admin, admin.GetByTestId("promote-refused"), "the gate's refusal");

        // The admin overrides it with a reason: it serves, and the promotion log and the governance audit keep who and why.
        const string reason = "Words alone answers the nightly batch fast enough; accuracy is checked again next week.";
        await admin.GetByTestId("override-reason").Locator("input").FillAsync(reason);
        await admin.GetByTestId("promote-override").ClickAsync();
        await Browser.ExpectAsync(admin, admin.GetByTestId("model-versions").Locator("tr", new() { HasText = $"{candidate} (serving)" }), "the overridden candidate serving");
        Assert.Equal(candidate, await ServingAsync(inference));
        var overridden = (await inference.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/promotions", Cancel)).EnumerateArray()
            .Single(p => p.GetProperty("version").GetInt32() == candidate && p.GetProperty("outcome").GetString() == "Overridden");
        Assert.Equal("ada", overridden.GetProperty("by").GetString());
        Assert.Equal(reason, overridden.GetProperty("override").GetString());
        await AuditedAsync("overridden", reason);

        // The better version back: the gate measures it against the words-alone one now serving, and it passes.
        await admin.GetByTestId($"promote-v{serving}").ClickAsync();
        await Browser.ExpectAsync(admin, admin.GetByTestId("model-versions").Locator("tr", new() { HasText = $"{serving} (serving)" }), "the better version serving again");
        Assert.Equal(serving, await ServingAsync(inference));
        Assert.Equal(0, await admin.GetByTestId("promote-refused").CountAsync());

        // A new golden version from reviewed tickets (two more added here, so there is some whatever ran before).
        // (as the workflow service sends them: feedback items are for services only)
        using var added = await suite.CreateHttpClient("inference", "workflows", Roles.Service).PostAsJsonAsync(DatasetRoutes.FeedbackItems, new FeedbackItems("ticket-classifier",
        [
            new FeedbackItem($"e2e-golden-{Guid.NewGuid():N}", "I was charged twice for the same order this month.", "billing", "e2e"),
            new FeedbackItem($"e2e-golden-{Guid.NewGuid():N}", "The parcel tracking has not moved for a week.", "shipping", "e2e"),
        ]), Cancel);
        added.EnsureSuccessStatusCode();
        var before = (await inference.GetFromJsonAsync<JsonElement>(DatasetRoutes.Datasets + "/golden", Cancel)).GetProperty("current").GetInt32();
        await admin.ReloadAsync();
        await admin.GetByTestId("freeze-run").ClickAsync();
        await Browser.ExpectAsync(admin, admin.GetByText(new Regex($@"Version {before + 1}: \d+ items, \d+ added from reviewed tickets .*by ada")), "the new golden version listed");
        Assert.Equal(before + 1, (await inference.GetFromJsonAsync<JsonElement>(DatasetRoutes.Datasets + "/golden", Cancel)).GetProperty("current").GetInt32());
        await admin.EvaluateAsync("window.scrollTo(0, 0)");
        await Browser.ScreenshotAsync(admin, "models-admin");
        await admin.Context.CloseAsync();
    }

    private static async Task<int> ServingAsync(HttpClient inference) =>
        (await inference.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/versions", Cancel)).GetProperty("promoted").GetInt32();

    /// <summary>The promotion decision reaches the governance audit through the inference service's outbox, with its reason.</summary>
    private async Task AuditedAsync(string decision, string reason)
    {
        var audit = suite.CreateHttpClient("governance", "ada", Roles.Admin);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ;)
        {
            var items = (await audit.GetFromJsonAsync<JsonElement>($"/v1/audit/entries?actor=ada&action=model.promote&decision={decision}", Cancel)).GetProperty("items");
            if (items.EnumerateArray().Any(e => e.GetProperty("event").GetProperty("reason").GetString()?.Contains(reason, StringComparison.Ordinal) == true))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The {decision} promotion did not reach the governance audit with its reason within a minute.");
            await Task.Delay(250, Cancel);
        }
    }
}
