using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using Integration.ServiceDefaults.Auth;
using Microsoft.Playwright;

namespace Integration.EndToEnd.Tests;

/// <summary>
/// The workflow designer in a real browser against the AppHost's graph: a process owner draws a workflow on the canvas
/// (no JSON typed), sees the service's validation on the node that is wrong, fixes it, publishes, and runs it; and the
/// shipped flagship opens on the canvas and writes back exactly the JSON the service holds.
/// </summary>
public sealed class DesignerBrowserTests(SuiteFixture suite, Browser browser) : IClassFixture<Browser>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Uri Portal => suite.App.GetEndpoint("portal", "http");

    // On the designer's own canvas (the Run and Versions tabs draw the same activities on theirs).
    internal static ILocator Node(IPage page, string activityId) => page.GetByTestId("canvas").Locator($"g.x6-node:has([data-activity-id='{activityId}'])");

    // Drags from an outcome's port to the next activity's input port, as a user does with the mouse. A press that caught the
    // activity instead of its port (an edit a moment old was still redrawing it) moved it: undone, and tried once more.
    internal static async Task ConnectAsync(IPage page, string from, string outcome, string to)
    {
        var canvas = page.GetByTestId("canvas");
        await canvas.ScrollIntoViewIfNeededAsync();
        var edges = await canvas.Locator("g.x6-edge").CountAsync();
        for (var attempt = 1; ; attempt++)
        {
            var source = (await Node(page, from).Locator($"[port='out:{outcome}']").First.BoundingBoxAsync())!;
            var target = (await Node(page, to).Locator("[port='in']").First.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(source.X + source.Width / 2, source.Y + source.Height / 2);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(target.X + target.Width / 2, target.Y + target.Height / 2, new() { Steps = 10 });
            await page.Mouse.UpAsync();
            try
            {
                await Assertions.Expect(canvas.Locator("g.x6-edge")).ToHaveCountAsync(edges + 1);
                return;
            }
            catch (PlaywrightException)
            {
                // A press that landed on the activity while it was being redrawn moved it instead: try once more from where it
                // is now (positions are not compared; an undo here could take back another edit).
                if (attempt == 1)
                {
                    await Task.Delay(500, Cancel);
                    continue;
                }

                await Browser.ScreenshotAsync(page, $"not-connected-{from}-{to}");
                Assert.Fail($"Dragging from {from}'s '{outcome}' port to {to} drew no connection (screenshot not-connected-{from}-{to}.png).");
            }
        }
    }

    // The layout is asked for through the server and drawn a moment later: wait until a node stops moving.
    internal static async Task SettledAsync(IPage page, string activityId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        await Task.Delay(500, Cancel);
        var last = await Node(page, activityId).BoundingBoxAsync();
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(300, Cancel);
            var now = await Node(page, activityId).BoundingBoxAsync();
            if (now is not null && last is not null && (now.X, now.Y, now.Width, now.Height) == (last.X, last.Y, last.Width, last.Height))
            {
                return;
            }

            last = now;
        }
    }

    // The JSON tab, once it shows the canvas's definition (it is drawn a moment after the tab opens).
    internal static async Task<JsonNode?> JsonViewAsync(IPage page, string lastActivity)
    {
        await page.GetByRole(AriaRole.Tab, new() { Name = "JSON" }).ClickAsync();
        var view = page.GetByTestId("json").Locator("textarea").First;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string text;
        while (!(text = await view.InputValueAsync()).Contains($"\"{lastActivity}\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Cancel);
        }

        return JsonNode.Parse(text);
    }

    internal static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, WithoutNulls(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(WithoutNulls)]),
        _ => node?.DeepClone(),
    };

    [Fact]
    public async Task A_process_owner_draws_a_three_step_workflow_fixes_a_missing_input_publishes_it_and_an_instance_runs()
    {
        var id = $"three-step-{Guid.NewGuid():N}"[..22];
        var page = await browser.SignInAsync(Portal, "dora", Roles.Designer, Roles.Reviewer);
        await page.GetByRole(AriaRole.Link, new() { Name = "Designer" }).ClickAsync();
        await page.GetByTestId("new-id").Locator("input").FillAsync(id);
        await page.GetByTestId("new-name").Locator("input").FillAsync("Three steps");
        await page.GetByTestId("create").ClickAsync();

        // Three activities by a click on the palette, the fourth dragged onto the canvas; laid out in a column, then connected by their ports.
        foreach (var type in new[] { "trigger.manual", "llm.classify", "approval.gate" })
        {
            await page.GetByTestId($"palette-{type}").ClickAsync();
        }

        // Dropped in the canvas's empty top-right corner (the clicked ones stack down the middle).
        var canvas = (await page.GetByTestId("canvas").BoundingBoxAsync())!;
        await page.GetByTestId("palette-flow.end").DragToAsync(page.GetByTestId("canvas"), new() { TargetPosition = new() { X = canvas.Width - 120, Y = 50 } });
        await Browser.ExpectAsync(page, Node(page, "flow-end"), "the End activity dropped on the canvas");
        await page.GetByTestId("layout").ClickAsync();
        await SettledAsync(page, "flow-end");
        await ConnectAsync(page, "trigger-manual", "done", "llm-classify");
        await ConnectAsync(page, "llm-classify", "done", "approval-gate");
        await ConnectAsync(page, "approval-gate", "approved", "flow-end");

        // The service's validation: the classifier's missing model is named in the problems list and marked on its node; publishing waits.
        var problems = page.GetByTestId("problems");
        await Browser.ExpectAsync(page, problems.GetByText("llm-classify.inputs.model"), "the missing model in the problems list");
        await Browser.ExpectAsync(page, problems.GetByText("Problems (3)"), "three problems once everything is connected: the model, the text and the assignees");
        Assert.Contains("⚠", await Node(page, "llm-classify").TextContentAsync() ?? "");
        Assert.True(await page.GetByTestId("publish").IsDisabledAsync(), "Publish is disabled while the definition has problems.");
        await Browser.ScreenshotAsync(page, "designer-problems");

        await Node(page, "llm-classify").ClickAsync();
        // The model is picked from the gateway's models, the classifiers first.
        await page.GetByTestId("input-model").Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "ticket-classifier — classify" }).First.ClickAsync();
        // A template's syntax error shows while it is typed (no need to leave the field), and goes when it is fixed.
        await page.GetByTestId("input-text").Locator("textarea").First.FillAsync("{{ input.text ");
        await Browser.ExpectAsync(page, page.GetByTestId("input-text").GetByText("Liquid template does not parse"), "the template's error while typing");
        await page.GetByTestId("input-text").Locator("textarea").First.FillAsync("{{ input.text }}");
        // Its retries: a policy the engine cannot follow is the service's error under the field.
        await page.GetByTestId("input-maxAttempts").Locator("input").First.FillAsync("0");
        await page.Keyboard.PressAsync("Tab");
        await Browser.ExpectAsync(page, page.GetByTestId("input-maxAttempts").GetByText("From 1 to 20 attempts"), "the retry's error under its field");
        await page.GetByTestId("input-maxAttempts").Locator("input").First.FillAsync("2");
        await page.Keyboard.PressAsync("Tab");
        await Node(page, "approval-gate").ClickAsync();
        await page.GetByTestId("input-assignees").Locator("textarea").First.FillAsync("role:reviewer");
        await page.Keyboard.PressAsync("Tab"); // a field hands its value on when it loses the focus
        await Browser.ExpectAsync(page, problems.GetByText("No problems"), "no problems once the inputs are filled in");
        Assert.DoesNotContain("⚠", await Node(page, "llm-classify").TextContentAsync() ?? "");

        await page.GetByTestId("save").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("version-state").Filter(new() { HasText = "draft v1" }), "draft version 1 saved");
        await page.GetByTestId("publish").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("version-state").Filter(new() { HasText = "published v1" }), "version 1 published");
        await Browser.ScreenshotAsync(page, "designer");

        // What the service stored is what the canvas drew: the four activities, their inputs and positions, the three connections.
        var workflows = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        var stored = (await workflows.GetFromJsonAsync<JsonObject>($"/v1/definitions/{id}", Cancel))!["latest"]!["definition"]!;
        var drawn = await JsonViewAsync(page, "flow-end");
        Assert.True(JsonNode.DeepEquals(WithoutNulls(stored), WithoutNulls(drawn)), $"The service holds what the canvas drew.\nStored: {stored}\nDrawn: {drawn}");
        Assert.Equal(4, stored["activities"]!.AsArray().Count);
        Assert.Equal(["trigger-manual>llm-classify:done", "llm-classify>approval-gate:done", "approval-gate>flow-end:approved"],
            stored["connections"]!.AsArray().Select(c => $"{c!["from"]}>{c["to"]}:{c["outcome"]}"));
        Assert.All(stored["activities"]!.AsArray(), a => Assert.NotNull(a!["position"]));
        Assert.Equal(2, stored["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "llm-classify")!["retry"]!["maxAttempts"]!.GetValue<int>());

        // A run from the designer: the instance classifies for real and waits at the gate, and the flowchart says so.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Run" }).ClickAsync();
        await page.GetByTestId("run-input").Locator("textarea").First.FillAsync("""{"text": "I was charged twice for my last invoice"}""");
        await page.GetByTestId("run").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("run-status").Filter(new() { HasText = "waiting at approval-gate" }), "the run waiting at the gate");
        var instanceId = (await page.GetByTestId("run-status").Locator("a").InnerTextAsync()).Trim();
        var instance = (await workflows.GetFromJsonAsync<JsonObject>($"/v1/instances/{instanceId}", Cancel))!;
        Assert.Equal("Waiting", instance["status"]!.GetValue<string>());
        Assert.NotNull(instance["steps"]!["llm-classify"]!["label"]);

        // The gate is decided inline (the process owner is a reviewer too), and the run completes.
        await Browser.ExpectAsync(page, page.GetByTestId("run-approve"), "the gate's decision in the Run tab");
        await Browser.ScreenshotAsync(page, "designer-run");
        await page.GetByTestId("run-approve").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("run-status").Filter(new() { HasText = "Completed" }), "the run completed after the approval");

        // A change not saved yet: "Save and start" makes it draft v2 and runs that, while v1 stays the published one.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Canvas" }).ClickAsync();
        await Node(page, "llm-classify").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("properties").GetByText("Classifies text"), "the classifier's properties");
        await page.GetByTestId("input-displayName").Locator("input").FillAsync("Classify the ticket");
        await page.Keyboard.PressAsync("Tab");
        await Browser.ExpectAsync(page, page.GetByTestId("version-state").Filter(new() { HasText = "unsaved changes" }), "the change not saved yet");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Run" }).ClickAsync();
        await page.GetByTestId("save-and-run").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("run-status").Filter(new() { HasText = "· v2 ·" }), "the change saved as draft v2 and run");
        await Browser.ExpectAsync(page, page.GetByTestId("version-state").Filter(new() { HasText = "draft v2 · published v1" }), "v2 a draft, v1 still published");

        // The Versions tab draws v2 over v1: the renamed classifier is marked changed, the rest unmarked.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Versions" }).ClickAsync();
        var drawnDiff = page.GetByTestId("diff-canvas");
        await Assertions.Expect(drawnDiff.Locator("g.x6-node:has([data-activity-id='llm-classify'])")).ToContainTextAsync("✎");
        Assert.DoesNotContain("✎", await drawnDiff.Locator("g.x6-node:has([data-activity-id='approval-gate'])").TextContentAsync() ?? "");
        await Browser.ScreenshotAsync(page, "designer-diff");

        // Someone else saves version 3 meanwhile: saving here says so first, and goes on only when asked to.
        var stored2 = (await workflows.GetFromJsonAsync<JsonObject>($"/v1/definitions/{id}", Cancel))!["latest"]!["definition"]!;
        stored2["description"] = "Olga's change";
        using (var other = await suite.CreateHttpClient("workflows", "olga", Roles.Designer).PutAsJsonAsync($"/v1/definitions/{id}", stored2, Cancel))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, other.StatusCode);
        }

        string? asked = null;
        page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };
        await page.GetByTestId("save").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("version-state").Filter(new() { HasText = "draft v4" }), "saved as v4 once the user agreed");
        Assert.StartsWith("olga saved version 3 of this workflow", asked);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_flagship_opens_on_the_canvas_and_writes_back_exactly_the_definition_the_service_holds()
    {
        var page = await browser.SignInAsync(Portal, "dora", Roles.Designer);
        await page.GotoAsync("/designer/zendesk-ticket-triage");
        await Browser.ExpectAsync(page, Node(page, "review"), "the flagship's approval gate on the canvas");
        // X6 draws in animation frames: the connections come a moment after the activities.
        var canvas = page.GetByTestId("canvas");
        await Assertions.Expect(canvas.Locator("g.x6-edge")).ToHaveCountAsync(14);
        Assert.Equal(13, await canvas.Locator("g.x6-node").CountAsync());
        await Browser.ExpectAsync(page, page.GetByTestId("problems").GetByText("No problems"), "the flagship without problems");
        // The extractor's JSON Schema is a form of fields, not JSON to write.
        await Node(page, "extract").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("schema-field-0"), "the extractor's fields as a form");
        Assert.Equal("order_number", await page.GetByTestId("schema-field-0").Locator("input").First.InputValueAsync());
        await Browser.ScreenshotAsync(page, "designer-flagship");

        var workflows = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        var stored = (await workflows.GetFromJsonAsync<JsonObject>("/v1/definitions/zendesk-ticket-triage", Cancel))!["latest"]!["definition"]!;
        var drawn = await JsonViewAsync(page, "look-up-order");
        Assert.True(JsonNode.DeepEquals(stored, drawn), $"The canvas writes back exactly what it loaded.\nStored: {stored}\nDrawn: {drawn}");
        await page.Context.CloseAsync();
    }
}
