using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using Integration.ServiceDefaults.Auth;
using Microsoft.Playwright;
using static Integration.EndToEnd.Tests.DesignerBrowserTests;

namespace Integration.EndToEnd.Tests;

/// <summary>
/// Sub-workflows in the Portal against the AppHost's graph: a process owner draws a parent that calls a published,
/// reviewed child (workflow.call), picks the child from the published workflows and fills the child's declared inputs
/// field by field, runs it; the parent waits for its child, the instance pages link each to the other, and the
/// reviewer's decision on the child completes the parent with the child's outputs.
/// </summary>
public sealed class SubWorkflowBrowserTests(SuiteFixture suite, Browser browser) : IClassFixture<Browser>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Uri Portal => suite.App.GetEndpoint("portal", "http");

    [Fact]
    public async Task A_process_owner_draws_a_parent_that_calls_a_reviewed_child_and_runs_it_to_the_childs_outputs()
    {
        var child = await PublishChildAsync();
        var parent = $"greet-{Guid.NewGuid():N}"[..18];
        var page = await browser.SignInAsync(Portal, "dora", Roles.Designer);
        await page.GetByRole(AriaRole.Link, new() { Name = "Designer" }).ClickAsync();
        await page.GetByTestId("new-id").Locator("input").FillAsync(parent);
        await page.GetByTestId("new-name").Locator("input").FillAsync("Greet through a call");
        await page.GetByTestId("create").ClickAsync();
        foreach (var type in new[] { "trigger.manual", "workflow.call", "flow.end" })
        {
            await page.GetByTestId($"palette-{type}").ClickAsync();
        }

        await page.GetByTestId("layout").ClickAsync();
        await SettledAsync(page, "flow-end");
        await ConnectAsync(page, "trigger-manual", "done", "workflow-call");
        await ConnectAsync(page, "workflow-call", "done", "flow-end");

        // The child is picked from the published workflows; its declared input is a field of its own.
        await Node(page, "workflow-call").ClickAsync();
        await DesignerFlagshipTests.PickAsync(page, page.GetByTestId("input-workflow"), child);
        var customer = page.GetByTestId("input-field-customer");
        await Browser.ExpectAsync(page, customer, "the called workflow's input as a field");
        Assert.Contains("Who to greet", await customer.InnerTextAsync());
        await DesignerFlagshipTests.TypeAsync(page, customer, "input.name");
        await Browser.ScreenshotAsync(page, "designer-sub-workflow");
        await Node(page, "flow-end").ClickAsync();
        await DesignerFlagshipTests.TypeAsync(page, page.GetByTestId("input-outputs"), "({ greeting: steps['workflow-call'].outputs.greeting })");
        await Browser.ExpectAsync(page, page.GetByTestId("problems").GetByText("No problems"), "no problems once the call is filled in");
        await page.GetByTestId("save").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("version-state").Filter(new() { HasText = "draft v1" }), "draft version 1 saved");

        // The stored call: the child by id, its input the object the field built.
        using var designer = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        var stored = (await designer.GetFromJsonAsync<JsonObject>($"/v1/definitions/{parent}", Cancel))!["latest"]!["definition"]!;
        var call = stored["activities"]!.AsArray().Single(a => a!["type"]!.GetValue<string>() == "workflow.call")!;
        Assert.Equal(child, call["inputs"]!["workflow"]!.GetValue<string>());
        Assert.Contains("customer: input.name", call["inputs"]!["input"]!.GetValue<string>());

        // Run from the designer: the parent waits on its child, which waits for its reviewer.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Run" }).ClickAsync();
        await page.GetByTestId("run-input").Locator("textarea").First.FillAsync("""{"name": "Vera"}""");
        await page.GetByTestId("run").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("run-status").Filter(new() { HasText = "waiting at workflow-call" }), "the parent waiting on its child");
        var parentId = (await page.GetByTestId("run-status").Locator("a").InnerTextAsync()).Trim();
        var childId = (await FlagshipTests.InstanceAt(suite, parentId, "Waiting"))["bookmarks"]![0]!["data"]!["instanceId"]!.GetValue<string>();

        // The instance pages link parent and child both ways.
        await page.GotoAsync(new Uri(Portal, $"/instances/{parentId}").ToString());
        await Browser.ExpectAsync(page, page.GetByTestId("child-links"), "the parent's link to its child");
        await Browser.ScreenshotAsync(page, "instance-parent");
        await page.GetByTestId("child-links").GetByRole(AriaRole.Link, new() { Name = childId }).ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("parent-link").GetByRole(AriaRole.Link, new() { Name = parentId }), "the child's link back to its parent");
        await Browser.ScreenshotAsync(page, "instance-sub-workflow");

        // The reviewer approves the child's greeting: the parent completes with it.
        using var reviewer = suite.CreateHttpClient("workflows", "rex", Roles.Reviewer);
        var task = (await reviewer.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray().Single(t => t.GetProperty("instanceId").GetString() == childId);
        using (var decided = await reviewer.PostAsJsonAsync($"/v1/approvals/{task.GetProperty("id").GetString()}/decide", new { decision = "approve" }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        }

        var completed = await FlagshipTests.InstanceAt(suite, parentId, "Completed");
        Assert.Equal("Hello Vera", completed["outputs"]!["greeting"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    // A child a reviewer gates, with one declared input: published through the API, as another team would have.
    private async Task<string> PublishChildAsync()
    {
        var id = $"hello-{Guid.NewGuid():N}"[..18];
        using var designer = suite.CreateHttpClient("workflows", "olga", Roles.Designer);
        var definition = new
        {
            id, name = "Say hello",
            inputs = new[] { new { name = "customer", type = "string", required = true, description = "Who to greet" } },
            activities = new object[]
            {
                new { id = "start", type = "trigger.manual" },
                new { id = "review", type = "approval.gate", inputs = new { assignees = new[] { "role:reviewer" }, subject = "Greet {{ input.customer }}", proposal = "({ text: 'Hello ' + input.customer })" } },
                new { id = "end", type = "flow.end", inputs = new { outputs = "({ greeting: steps.review.output.text })" } },
            },
            connections = new[] { new { from = "start", to = "review", outcome = "done" }, new { from = "review", to = "end", outcome = "approved" } },
        };
        using (var saved = await designer.PutAsJsonAsync($"/v1/definitions/{id}", definition, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        using var published = await designer.PostAsync($"/v1/definitions/{id}/versions/1/publish", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        return id;
    }
}
