using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Integration.ServiceDefaults.Auth;
using Microsoft.Playwright;

namespace Integration.EndToEnd.Tests;

/// <summary>
/// A reviewer looks behind a placeholder in a task's case: the workflow's governance policy lets reviewers see email
/// addresses and nothing else, so the email shows and the phone number stays hidden with the policy's reason; both asks
/// are in the governance audit. Then they edit the proposal in the form its gate's output schema gives, are told at the
/// field what does not fit, and approve. Its own workflow and policy, so the other tests' flagship is untouched.
/// </summary>
public sealed class RevealBrowserTests(SuiteFixture suite, Browser browser) : IClassFixture<Browser>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Uri Portal => suite.App.GetEndpoint("portal", "http");

    [Fact]
    public async Task A_reviewer_sees_the_email_the_policy_allows_and_not_the_phone_number_then_edits_the_proposal_in_its_schemas_form()
    {
        using var inference = suite.CreateHttpClient("inference", "dora", Roles.Designer);
        var versions = await inference.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/versions", Cancel);
        var serving = versions.GetProperty("promoted").GetInt32();
        var labels = versions.GetProperty("versions").EnumerateArray().First(v => v.GetProperty("version").GetInt32() == serving)
            .GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
        var id = $"reveal-{Guid.NewGuid():N}"[..16];
        using var admin = suite.CreateHttpClient("governance", "ada", Roles.Admin);
        using var saved = await admin.PutAsync($"/v1/policies/{id}", new StringContent(
            $"appliesTo: {{workflows: [{id}]}}\ndescription: Reviewers may see email addresses\npii:\n  reveal:\n    reviewer: [Email]\n", System.Text.Encoding.UTF8, "application/yaml"), Cancel);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Cancel));
        (await admin.PostAsync($"/v1/policies/{id}/versions/1/publish", null, Cancel)).EnsureSuccessStatusCode();

        using var designer = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        using var definition = await designer.PutAsJsonAsync($"/v1/definitions/{id}", new
        {
            id, name = id,
            activities = new object[]
            {
                new { id = "on-event", type = "trigger.connectorEvent", inputs = new { eventType = $"{id}.created" } },
                new { id = "classify", type = "llm.classify", inputs = new { model = "ticket-classifier", text = "{{ event.data.text }}" } },
                new
                {
                    id = "review", type = "approval.gate",
                    inputs = new
                    {
                        assignees = new[] { "role:reviewer" }, subject = $"Reveal test {id}", proposal = "({ category: steps.classify.label, priority: 3, note: '' })",
                        outputSchema = new
                        {
                            type = "object", required = new[] { "category", "priority" },
                            properties = new
                            {
                                category = new { type = "string", title = "Category", @enum = labels },
                                priority = new { type = "integer", title = "Priority", minimum = 1, maximum = 5 },
                                note = new { type = "string", title = "Note for the case", maxLength = 200 },
                            },
                        },
                    },
                },
                new { id = "end", type = "flow.end" },
            },
            connections = new object[]
            {
                new { from = "on-event", to = "classify", outcome = "done" }, new { from = "classify", to = "review", outcome = "done" },
                new { from = "review", to = "end", outcome = "approved" }, new { from = "review", to = "end", outcome = "rejected" },
            },
        }, Cancel);
        Assert.True(definition.IsSuccessStatusCode, await definition.Content.ReadAsStringAsync(Cancel));
        var version = (await definition.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32();
        (await designer.PostAsync($"/v1/definitions/{id}/versions/{version}/publish", null, Cancel)).EnsureSuccessStatusCode();

        using var intake = suite.CreateHttpClient("workflows", "connectors", Roles.Service);
        using var accepted = await intake.PostAsJsonAsync("/v1/triggers/events", new
        {
            id = Guid.NewGuid().ToString(), source = "zendesk:zendesk", type = $"{id}.created", subject = "reveal-test", time = DateTimeOffset.UtcNow,
            data = new { text = "My parcel never arrived. Write to maria.gonzalez@example.com or call +1 415-555-0132." },
        }, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var instance = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("started")[0].GetString();

        using var reviewer = suite.CreateHttpClient("workflows", "rex", Roles.Reviewer);
        string? task = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); task is null; await Task.Delay(250, Cancel))
        {
            Assert.True(DateTime.UtcNow < deadline, "The workflow's gate did not open a task within a minute.");
            task = (await reviewer.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray()
                .FirstOrDefault(t => t.GetProperty("instanceId").GetString() == instance) is { ValueKind: JsonValueKind.Object } found ? found.GetProperty("id").GetString() : null;
        }

        var page = await browser.SignInAsync(Portal, "rex", Roles.Reviewer);
        await page.GotoAsync($"/tasks/{Uri.EscapeDataString(task)}");
        await Browser.ExpectAsync(page, page.GetByTestId("reveal-EMAIL_1"), "the email's placeholder as a button");
        await page.GetByTestId("reveal-EMAIL_1").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("revealed-EMAIL_1").Filter(new() { HasText = "maria.gonzalez@example.com" }), "the email address, revealed");
        await page.GetByTestId("reveal-PHONE_1").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("reveal-refused").Filter(new() { HasText = "does not let a reviewer see Phone values" }), "the policy's refusal for the phone number");
        Assert.Equal(0, await page.GetByTestId("revealed-PHONE_1").CountAsync());
        Assert.DoesNotContain("415-555-0132", await page.InnerTextAsync("body"));
        await Browser.ScreenshotAsync(page, "task-reveal");

        // The proposal as a form from the gate's output schema: a priority past its maximum is refused at its field, and nothing is decided.
        var proposed = (await reviewer.GetFromJsonAsync<JsonElement>($"/v1/approvals/{Uri.EscapeDataString(task)}", Cancel)).GetProperty("proposal").GetProperty("category").GetString();
        var corrected = labels.First(l => l != proposed);
        await page.GetByTestId("output-priority").Locator("input").FillAsync("9");
        await page.GetByTestId("output-note").Locator("input, textarea").First.FillAsync("Customer asked twice");
        await page.GetByTestId("approve").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("output-priority").GetByText("At most 5."), "the schema's refusal at the priority");
        Assert.Equal("pending", (await reviewer.GetFromJsonAsync<JsonElement>($"/v1/approvals/{Uri.EscapeDataString(task)}", Cancel)).GetProperty("status").GetString(), ignoreCase: true);
        await page.GetByTestId("output-priority").Locator("input").FillAsync("1");
        await page.GetByTestId("output-category").Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = corrected }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "task-output-form");
        await page.GetByTestId("approve").ClickAsync();
        JsonElement decided;
        for (var deadline = DateTime.UtcNow.AddSeconds(30);
             (decided = await reviewer.GetFromJsonAsync<JsonElement>($"/v1/approvals/{Uri.EscapeDataString(task)}", Cancel)).GetProperty("status").GetString() is "pending" or "Pending";
             await Task.Delay(250, Cancel))
        {
            Assert.True(DateTime.UtcNow < deadline, "The edited proposal was not approved within 30 s.");
        }

        var output = decided.GetProperty("decisions")[0].GetProperty("output");
        Assert.Equal((corrected, 1, "Customer asked twice"), (output.GetProperty("category").GetString(), output.GetProperty("priority").GetInt32(), output.GetProperty("note").GetString()));
        await page.Context.CloseAsync();

        // Both asks are in the governance audit, with who asked and what for; the values are not.
        var audit = await admin.GetStringAsync($"/v1/audit/entries?actor=rex&action=pii.reveal", Cancel);
        var entries = JsonDocument.Parse(audit).RootElement.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("event").GetProperty("subject").GetString()!.StartsWith(task)).ToList();
        Assert.Equal(["refused", "revealed"], entries.Select(e => e.GetProperty("event").GetProperty("decision").GetString()));
        Assert.DoesNotContain("maria.gonzalez@example.com", audit);
    }
}
