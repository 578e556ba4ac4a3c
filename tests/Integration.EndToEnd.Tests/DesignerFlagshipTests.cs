using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using Integration.Portal.Designer;
using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Instances;
using Microsoft.Playwright;
using static Integration.EndToEnd.Tests.DesignerBrowserTests;

namespace Integration.EndToEnd.Tests;

/// <summary>
/// The designer's promise to process owners, in a real browser: the shipped flagship is recreated on a blank canvas with
/// no JSON typed (palette, ports, forms and lists; the values typed are the flagship's own, a connector call's input field
/// by field), it equals the shipped
/// definition, it is published, and a new Sandbox ticket runs through it end to end, started by the connector's event and
/// again from the Run tab with that ticket's event as the sample.
/// </summary>
public sealed class DesignerFlagshipTests(SuiteFixture suite, Browser browser) : IClassFixture<Browser>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // The order a process owner would draw it in: each activity next to the one it follows, so that every connection is
    // dragged between two activities in view.
    private static readonly string[] Order =
        ["ticket-created", "remember-ticket", "classify", "extract", "retrieve", "draft", "review", "not-sent", "post-reply", "record-case", "about-an-order", "look-up-order", "done"];

    // Inputs picked from a list rather than typed: the gateway's models, the connector catalog's operations, the descriptor's choices.
    private static readonly HashSet<string> Picked = ["model", "operation", "mode", "onSlaBreach"];

    private Uri Portal => suite.App.GetEndpoint("portal", "http");


    // The id the canvas gives a new activity of a type (llm.classify → llm-classify, trigger.connectorEvent → trigger-connector-event).
    private static string NewId(string type) =>
        System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(type, "([a-z])([A-Z])", "$1-$2"), "[^A-Za-z0-9]+", "-").ToLowerInvariant();

    internal static async Task PickAsync(IPage page, ILocator select, string text)
    {
        await select.Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = text }).First.ClickAsync();
    }

    internal static async Task TypeAsync(IPage page, ILocator field, string text)
    {
        await field.Locator("textarea, input").First.FillAsync(text);
        await page.Keyboard.PressAsync("Tab"); // a field hands its value on when it loses the focus
    }

    private static async Task DeclareAsync(IPage page, string list, int index, string name, string type)
    {
        await page.GetByTestId($"add-{list}").ClickAsync();
        var row = page.GetByTestId($"{list}-{index}");
        await TypeAsync(page, row, name);
        if (type != "string")
        {
            await PickAsync(page, row, type);
        }
    }

    private static async Task DrawAsync(IPage page, JsonObject activity)
    {
        var (id, type) = (activity["id"]!.GetValue<string>(), activity["type"]!.GetValue<string>());
        await page.GetByTestId($"palette-{type}").ClickAsync();
        var properties = page.GetByTestId("properties");
        // The new activity is selected: its form shows its new id, which is renamed to the flagship's.
        await Assertions.Expect(properties.GetByTestId("input-id").Locator("input")).ToHaveValueAsync(NewId(type));
        await TypeAsync(page, properties.GetByTestId("input-id"), id);
        await Browser.ExpectAsync(page, Node(page, id), $"the activity renamed {id}");
        foreach (var (name, value) in activity["inputs"]?.AsObject() ?? [])
        {
            var field = properties.GetByTestId($"input-{name}");
            switch (value)
            {
                case JsonValue picked when Picked.Contains(name):
                    var text = picked.GetValue<string>();
                    await PickAsync(page, field, name is "model" or "operation" ? $"{text} — " : text);
                    break;
                case JsonObject when name == "schema":
                    // The extractor's fields as a form: a field that may be null is the form's default.
                    foreach (var (fieldName, _) in value["properties"]!.AsObject())
                    {
                        await field.GetByTestId("schema-add").ClickAsync();
                        await TypeAsync(page, field.Locator(".schema-field").Last, fieldName);
                    }

                    break;
                case JsonValue expression when name == "input" && type == "connector.call":
                    // The call's input field by field, in the form drawn from the operation's input schema.
                    foreach (var (fieldName, fieldExpression) in ObjectFields.From(expression.GetValue<string>())!)
                    {
                        await TypeAsync(page, properties.GetByTestId($"input-field-{fieldName}"), fieldExpression);
                    }

                    break;
                case JsonArray list:
                    await TypeAsync(page, field, string.Join('\n', list.Select(v => v!.GetValue<string>()))); // one per line
                    break;
                default:
                    await TypeAsync(page, field, value!.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString());
                    break;
            }
        }

        await CanvasHoldsAsync(page, id, activity["inputs"]);
    }

    /// <summary>The canvas holds what was entered for the activity (checked after each one, so that an edit lost is found where it was made).</summary>
    private static async Task CanvasHoldsAsync(IPage page, string id, JsonNode? inputs)
    {
        var expected = DesignerBrowserTests.WithoutNulls(inputs ?? new JsonObject());
        JsonNode? held = null;
        for (var wait = Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(200))
        {
            var canvas = JsonNode.Parse(await page.EvaluateAsync<string>("() => window.workflowDesigner.export(document.querySelector('[data-testid=canvas]'))"))!;
            held = DesignerBrowserTests.WithoutNulls(canvas["activities"]!.AsArray().SingleOrDefault(a => a!["id"]!.GetValue<string>() == id)?["inputs"] ?? new JsonObject());
            if (JsonNode.DeepEquals(expected, held))
            {
                return;
            }
        }

        Assert.Fail($"The canvas holds for '{id}': {held}\nEntered: {expected}");
    }

    [Fact]
    public async Task A_process_owner_recreates_the_flagship_on_a_blank_canvas_publishes_it_and_a_Sandbox_ticket_runs_through_it()
    {
        // The shipped flagship as the service holds it (what it writes back for every definition, defaults included).
        var workflows = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        var flagship = (await workflows.GetFromJsonAsync<JsonObject>("/v1/definitions/zendesk-ticket-triage", Cancel))!["published"]!["definition"]!.AsObject();
        var id = $"triage-{Guid.NewGuid():N}"[..20];
        var page = await browser.SignInAsync(Portal, "dora", Roles.Designer, Roles.Reviewer);
        await page.GotoAsync("/designer");
        await page.GetByTestId("new-id").Locator("input").FillAsync(id);
        await page.GetByTestId("new-name").Locator("input").FillAsync(flagship["name"]!.GetValue<string>());
        await page.GetByTestId("create").ClickAsync();

        // The workflow's outputs and variables, in the panel shown while no activity is selected.
        await Browser.ExpectAsync(page, page.GetByTestId("workflow-data"), "the workflow's data");
        foreach (var (list, entries) in new[] { ("outputs", flagship["outputs"]!.AsArray()), ("variables", flagship["variables"]!.AsArray()) })
        {
            for (var i = 0; i < entries.Count; i++)
            {
                await DeclareAsync(page, list, i, entries[i]!["name"]!.GetValue<string>(), entries[i]!["type"]!.GetValue<string>());
            }
        }

        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await Browser.ScreenshotAsync(page, "designer-workflow-data");

        // Each activity from the palette, renamed and filled in; each connection dragged as soon as both its ends are drawn.
        var activities = flagship["activities"]!.AsArray().Select(a => a!.AsObject()).ToDictionary(a => a["id"]!.GetValue<string>());
        var connections = flagship["connections"]!.AsArray().Select(c => (From: c!["from"]!.GetValue<string>(), To: c["to"]!.GetValue<string>(), Outcome: c["outcome"]?.GetValue<string>() ?? "done")).ToList();
        var drawn = new HashSet<string>();
        foreach (var activityId in Order)
        {
            await DrawAsync(page, activities[activityId]);
            drawn.Add(activityId);
            if (activityId == "post-reply")
            {
                await page.EvaluateAsync("window.scrollTo(0, 0)");
                await Browser.ScreenshotAsync(page, "designer-operation-form");
            }

            foreach (var (from, to, outcome) in connections.Where(c => (c.From == activityId || c.To == activityId) && drawn.Contains(c.From) && drawn.Contains(c.To)))
            {
                await ConnectAsync(page, from, outcome, to);
            }
        }

        await page.GetByTestId("layout").ClickAsync();
        await SettledAsync(page, "done");
        await Browser.ExpectAsync(page, page.GetByTestId("problems").GetByText("No problems"), "the recreated flagship without problems");
        await page.EvaluateAsync("window.scrollTo(0, 0)"); // the palette's last items scrolled the page
        await Browser.ScreenshotAsync(page, "designer-flagship-recreated");
        await page.GetByTestId("save").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("version-state").Filter(new() { HasText = "draft v1" }), "draft version 1 saved");
        await page.GetByTestId("publish").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("version-state").Filter(new() { HasText = "published v1" }), "version 1 published");

        // What was drawn is the shipped flagship: the same activities with the same inputs, connections, outputs and variables (positions aside).
        var stored = (await workflows.GetFromJsonAsync<JsonObject>($"/v1/definitions/{id}", Cancel))!["published"]!["definition"]!.AsObject();
        static JsonNode? Activity(JsonNode? a) { var copy = WithoutNulls(a)!.AsObject(); copy.Remove("position"); return copy; }
        foreach (var expected in flagship["activities"]!.AsArray())
        {
            var actual = stored["activities"]!.AsArray().SingleOrDefault(a => a!["id"]!.GetValue<string>() == expected!["id"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(Activity(expected), Activity(actual)), $"Drawn as the flagship's: {expected}\nDrawn: {actual}");
        }

        Assert.Equal(13, stored["activities"]!.AsArray().Count);
        Assert.Equal(connections.Select(c => $"{c.From}>{c.To}:{c.Outcome}").Order(),
            stored["connections"]!.AsArray().Select(c => $"{c!["from"]}>{c["to"]}:{c["outcome"]}").Order());
        Assert.True(JsonNode.DeepEquals(WithoutNulls(flagship["outputs"]), WithoutNulls(stored["outputs"])), $"Outputs: {stored["outputs"]}");
        Assert.True(JsonNode.DeepEquals(WithoutNulls(flagship["variables"]), WithoutNulls(stored["variables"])), $"Variables: {stored["variables"]}");

        // A new Sandbox ticket: the connector's event starts the published workflow, which runs to the review gate; approved, it replies on the ticket.
        var connectors = suite.CreateHttpClient("connectors", "workflows", Roles.Service);
        var subject = $"Lost parcel {Guid.NewGuid():N}"[..24];
        var ticket = await FlagshipTests.Invoke(connectors, "zendesk.ticket.create", new { subject, body = "My order 4000003 never arrived and the tracking has not moved for a week." });
        var ticketId = ticket.GetProperty("ticket").GetProperty("id").GetInt64();
        var trigger = await FlagshipTests.WebhookEvent(suite, ticketId);
        var triggered = await FlagshipTests.InstanceAt(suite, InstanceIds.Of(id, trigger["id"]!.GetValue<string>()), "Waiting");
        Assert.Equal("review", triggered["bookmarks"]![0]!["activityId"]!.GetValue<string>());
        using var reviewer = suite.CreateHttpClient("workflows", "rex", Roles.Reviewer);
        var task = (await reviewer.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray()
            .Single(t => t.GetProperty("instanceId").GetString() == triggered["id"]!.GetValue<string>());
        using var decided = await reviewer.PostAsJsonAsync($"/v1/approvals/{task.GetProperty("id").GetString()}/decide", new { decision = "approve" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var completed = await FlagshipTests.InstanceAt(suite, triggered["id"]!.GetValue<string>(), "Completed");
        Assert.Equal("4000003", completed["steps"]!["look-up-order"]!["output"]!["results"]![0]!["SalesOrder"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(completed["outputs"]!["caseId"]?.GetValue<string>()), $"A Salesforce case was recorded: {completed["outputs"]}");

        // The same ticket's event as the Run tab's sample: a run of its own, decided inline, replies again.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Run" }).ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("sample-event"), "the sample events of the workflow's trigger");
        await PickAsync(page, page.GetByTestId("sample-event"), $"ticket:{ticketId} ·");
        // The event as people see it: what happened to which ticket, not the ticket's text (the run reads it whole in the services).
        await Assertions.Expect(page.GetByTestId("run-input").Locator("textarea").First).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"ticket:{ticketId}"));
        Assert.DoesNotContain(subject, await page.GetByTestId("run-input").Locator("textarea").First.InputValueAsync());
        await page.GetByTestId("run").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("run-status").Filter(new() { HasText = "waiting at review" }), "the sample run waiting at the review");
        await page.GetByTestId("run-approve").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("run-status").Filter(new() { HasText = "Completed" }), "the sample run completed after the approval");
        // Each step's output is listed as the run goes: the SAP order it found among them.
        await Browser.ExpectAsync(page, page.GetByTestId("run-steps").Locator("tr", new() { HasText = "look-up-order" }).GetByText("4000003"), "the order the run looked up");
        await Browser.ScreenshotAsync(page, "designer-flagship-run");
        var run = await FlagshipTests.InstanceAt(suite, (await page.GetByTestId("run-status").Locator("a").InnerTextAsync()).Trim(), "Completed");
        Assert.Equal($"ticket:{ticketId}", run["businessKey"]!.GetValue<string>());

        var comments = (await FlagshipTests.Invoke(connectors, "zendesk.ticket.comments", new { ticketId })).GetProperty("comments").EnumerateArray()
            .Select(c => c.GetProperty("body").GetString()!).ToList();
        // Two replies on the ticket, one per run (the shipped flagship's own instance still waits for its reviewer).
        var replies = new[] { completed["outputs"]!["reply"]!.GetValue<string>(), run["outputs"]!["reply"]!.GetValue<string>() };
        Assert.Equal(2, comments.Count(replies.Contains));

        // Retired: unpublished, later tickets start only the shipped flagship.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GetByTestId("unpublish").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("version-state").Filter(new() { HasText = "not published" }), "the workflow unpublished");
        Assert.Null((await workflows.GetFromJsonAsync<JsonObject>($"/v1/definitions/{id}", Cancel))!["published"]);
        await page.Context.CloseAsync();
    }
}
