using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Instances;
using Microsoft.Playwright;

namespace Integration.EndToEnd.Tests;

/// <summary>
/// The Portal in a real browser (Debian's Chromium through Playwright) against the AppHost's whole graph: a reviewer signs
/// in, opens the flagship's task from the inbox, edits the draft and approves it, and the reply lands on the Sandbox's
/// ticket; an admin saves a policy with an error, sees it at its line, fixes it and publishes; a dashboard shows the run.
/// </summary>
public sealed class PortalBrowserTests(SuiteFixture suite, Browser browser) : IClassFixture<Browser>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Uri Portal => suite.App.GetEndpoint("portal", "http");

    /// <summary>A MudBlazor text area by its test id (MudBlazor puts the attribute on the textarea itself).</summary>
    private static ILocator TextBox(IPage page, string testId) => page.Locator($"textarea[data-testid='{testId}'], [data-testid='{testId}'] textarea").First;

    [Fact]
    public async Task A_reviewer_edits_and_approves_the_flagships_task_in_the_browser_and_the_reply_lands_on_the_ticket()
    {
        var connectors = suite.CreateHttpClient("connectors", "workflows", Roles.Service);
        // A return: the shipped approval policy sends returns to a reviewer whatever the classifier's confidence.
        var subject = $"Headphones broken {Guid.NewGuid():N}"[..30];
        var ticket = await FlagshipTests.Invoke(connectors, "zendesk.ticket.create", new
        {
            subject,
            body = "Hello, this is Nora Quist. The headphones from order ORD-654321 arrived broken and I would like to return them. Write to nora.quist@example.org.",
            requester = new { name = "Nora Quist", email = "nora.quist@example.org" },
        });
        var ticketId = ticket.GetProperty("ticket").GetProperty("id").GetInt64();
        var trigger = await FlagshipTests.WebhookEvent(suite, ticketId);
        var instanceId = InstanceIds.Of("zendesk-ticket-triage", trigger["id"]!.GetValue<string>());
        await FlagshipTests.InstanceAt(suite, instanceId, "Waiting");
        var inbox = await suite.CreateHttpClient("workflows", "rex", Roles.Reviewer).GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel);
        var taskId = inbox.EnumerateArray().Single(t => t.GetProperty("instanceId").GetString() == instanceId).GetProperty("id").GetString();

        var page = await browser.SignInAsync(Portal, "rex", Roles.Reviewer);
        await page.GetByRole(AriaRole.Link, new() { Name = "Inbox" }).ClickAsync();
        // The flagship's task for this ticket (another published workflow on the same event, as a designer test makes, has one too).
        var row = page.GetByTestId("inbox").Locator("tr", new() { HasText = subject, Has = page.Locator($"a[href^='/tasks/{taskId}']") });
        await Browser.ExpectAsync(page, row, "the ticket's task in the inbox");
        await Browser.ScreenshotAsync(page, "inbox");
        await row.GetByRole(AriaRole.Link).ClickAsync();

        // The task page: the case as the models saw it (placeholders highlighted, never the name), the proposal with its confidence.
        await Browser.ExpectAsync(page, TextBox(page, "reply"), "the reply editor");
        Assert.True(await page.Locator(".pii").CountAsync() > 0, "The placeholders the governance policy put in are highlighted.");
        Assert.DoesNotContain("Nora", await page.GetByTestId("task-page").InnerTextAsync());
        var reply = TextBox(page, "reply");
        var proposed = await reply.InputValueAsync();
        Assert.StartsWith("Hello <PERSON_", proposed);
        await reply.FillAsync(proposed.Replace("Kind regards,", "Warm regards from Rex,", StringComparison.Ordinal));
        await page.GetByTestId("diff").Locator(".diff-add", new() { HasText = "Warm" }).WaitForAsync();
        await Browser.ScreenshotAsync(page, "task");
        await page.GetByTestId("approve").ClickAsync();

        // After the decision the next task (or the inbox) opens; the instance completes and the reply, with the real name, is on the ticket.
        await page.WaitForURLAsync(new Regex("/(inbox|tasks/)"));
        await FlagshipTests.InstanceAt(suite, instanceId, "Completed");
        var comments = (await FlagshipTests.Invoke(connectors, "zendesk.ticket.comments", new { ticketId })).GetProperty("comments").EnumerateArray()
            .Select(c => c.GetProperty("body").GetString()!).ToList();
        var posted = Assert.Single(comments, c => c.Contains("Warm regards from Rex", StringComparison.Ordinal));
        Assert.StartsWith("Hello Nora Quist,", posted);

        // The instance page shows the run, its journal and the path it took.
        await page.GotoAsync($"/instances/{instanceId}");
        await page.GetByTestId("status").Filter(new() { HasText = "Completed" }).WaitForAsync();
        await page.GetByTestId("journal").Locator("tr", new() { HasText = "post-reply" }).First.WaitForAsync();
        // Its flowchart: the steps it went through drawn green (the reply posted), the branch it did not take grey.
        var flowchart = page.GetByTestId("instance-flowchart");
        await Browser.ExpectAsync(page, flowchart.Locator("[data-activity-id='post-reply'][stroke='#2e7d32']"), "the posted reply green on the flowchart");
        await Assertions.Expect(flowchart.Locator("g.x6-node")).ToHaveCountAsync(13);
        Assert.Equal(1, await flowchart.Locator("[data-activity-id='not-sent'][stroke='#cfd6de']").CountAsync());
        Assert.Equal(1, await flowchart.Locator("[data-activity-id='review'][stroke='#2e7d32']").CountAsync());
        await Browser.ScreenshotAsync(page, "instance");

        // A decided task says so instead of failing.
        await page.GotoAsync($"/tasks/{taskId}");
        await page.GetByTestId("task-decided").WaitForAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_task_offers_a_decision_only_to_those_it_is_for_and_the_inbox_agrees()
    {
        var connectors = suite.CreateHttpClient("connectors", "workflows", Roles.Service);
        var subject = $"Broken lamp {Guid.NewGuid():N}"[..24];
        var ticket = await FlagshipTests.Invoke(connectors, "zendesk.ticket.create", new { subject, body = "The lamp from my order arrived broken; I want to return it." });
        var trigger = await FlagshipTests.WebhookEvent(suite, ticket.GetProperty("ticket").GetProperty("id").GetInt64());
        var instanceId = InstanceIds.Of("zendesk-ticket-triage", trigger["id"]!.GetValue<string>());
        await FlagshipTests.InstanceAt(suite, instanceId, "Waiting");
        var taskId = $"{instanceId}:review:1";

        // An admin may read the reviewers' task, is told it is theirs, and is offered no decision; it is not in the admin's inbox.
        var admin = await browser.SignInAsync(Portal, "ada", Roles.Admin);
        await admin.GotoAsync($"/tasks/{taskId}");
        await Browser.ExpectAsync(admin, admin.GetByTestId("task-not-mine"), "the note that the task is the reviewers'");
        Assert.Equal(0, await admin.GetByTestId("approve").CountAsync());
        await Browser.ScreenshotAsync(admin, "task-not-mine");
        await admin.GotoAsync("/inbox");
        await Browser.ExpectAsync(admin, admin.GetByTestId("inbox"), "the admin's inbox");
        Assert.Equal(0, await admin.Locator($"a[href^='/tasks/{taskId}']").CountAsync());
        await admin.Context.CloseAsync();

        // A reviewer, whose role the task names, is offered the decision (and leaves it to the flagship's own tests).
        var reviewer = await browser.SignInAsync(Portal, "rita", Roles.Reviewer);
        await reviewer.GotoAsync($"/tasks/{taskId}");
        await Browser.ExpectAsync(reviewer, reviewer.GetByTestId("approve"), "the decision, for a reviewer");
        Assert.Equal(0, await reviewer.GetByTestId("task-not-mine").CountAsync());
        await reviewer.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_sees_a_policy_error_at_its_line_then_publishes_a_valid_policy_and_a_designer_sees_the_dashboard()
    {
        var name = $"portal-{Guid.NewGuid():N}"[..16];
        var admin = await browser.SignInAsync(Portal, "ada", Roles.Admin);
        await admin.GotoAsync($"/policies/{name}");
        var source = TextBox(admin, "policy-source");
        await source.FillAsync("appliesTo: {workflows: [portal-demo]}\ndescripton: a typo in a key\n");
        await admin.GetByTestId("policy-save").ClickAsync();
        var errors = admin.GetByTestId("policy-errors");
        await errors.WaitForAsync();
        var text = await errors.InnerTextAsync();
        Assert.Contains("Line 2", text);
        Assert.Contains("$.descripton", text);
        await Browser.ScreenshotAsync(admin, "policy-error");

        await source.FillAsync("appliesTo: {workflows: [portal-demo]}\ndescription: Made in the Portal\n");
        await admin.GetByTestId("policy-save").ClickAsync();
        await admin.GetByTestId("publish-1").ClickAsync();
        await admin.GetByText("published: v1").WaitForAsync();
        var governance = suite.CreateHttpClient("governance", "ada", Roles.Admin);
        var history = await governance.GetFromJsonAsync<JsonElement>($"/v1/policies/{name}", Cancel);
        Assert.Equal(1, history.GetProperty("publishedVersion").GetInt32());

        // The audit chain, with the policy's save and publication in it, verifies intact.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        await admin.GetByTestId("audit-verify").ClickAsync();
        var verdict = admin.GetByTestId("audit-result");
        await Browser.ExpectAsync(admin, verdict, "the audit verdict");
        Assert.Contains("Intact", await verdict.InnerTextAsync());

        // The entries, filtered: ada's publications, the policy's among them; and the whole chain downloaded as JSON lines.
        await admin.GetByTestId("audit-actor").Locator("input").FillAsync("ada");
        await admin.GetByTestId("audit-action").Locator("input").FillAsync("policy.publish");
        await admin.GetByTestId("audit-search").ClickAsync();
        var entries = admin.GetByTestId("audit-entries");
        await Browser.ExpectAsync(admin, entries.Locator("tr", new() { HasText = $"{name}@1" }), "the policy's publication in the audit entries");
        Assert.All(await entries.Locator("tbody tr").AllInnerTextsAsync(), row => Assert.Contains("policy.publish", row));
        await Browser.ScreenshotAsync(admin, "audit");
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.GetByTestId("audit-export").ClickAsync());
        var exported = await File.ReadAllLinesAsync((await download.PathAsync())!, Cancel);
        Assert.Contains(exported, line => line.Contains("\"policy.publish\"", StringComparison.Ordinal) && line.Contains(name, StringComparison.Ordinal));
        await admin.Context.CloseAsync();

        // An integrator tests a connection against the Sandbox and sees the catalog.
        var integrator = await browser.SignInAsync(Portal, "ian", Roles.Integrator);
        await integrator.GetByRole(AriaRole.Link, new() { Name = "Connections" }).ClickAsync();
        await Browser.ExpectAsync(integrator, integrator.GetByTestId("test-zendesk"), "the zendesk connection");
        await integrator.GetByTestId("test-zendesk").ClickAsync();
        var tested = integrator.GetByTestId("connections").Locator("tr", new() { HasText = "zendesk" }).GetByText("OK:");
        await Browser.ExpectAsync(integrator, tested, "the connection test's result");
        await integrator.GetByText("zendesk.ticket.addComment").First.WaitForAsync();
        await Browser.ScreenshotAsync(integrator, "connections");
        await integrator.Context.CloseAsync();

        var owner = await browser.SignInAsync(Portal, "dora", Roles.Designer);
        var designerApi = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        async Task<long> StartedThese30Days()
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            return (await designerApi.GetFromJsonAsync<JsonElement>($"/v1/kpis/zendesk-ticket-triage/daily?from={today.AddDays(-29):yyyy-MM-dd}&to={today:yyyy-MM-dd}", Cancel))
                .EnumerateArray().Sum(d => d.GetProperty("started").GetInt64());
        }

        var startedBefore = await StartedThese30Days();
        await owner.GotoAsync("/dashboards?workflow=zendesk-ticket-triage");
        var started = owner.GetByTestId("kpi-started");
        await started.WaitForAsync();
        // Instances per day over the last 30 days: the page's sum is what the API counted (other tests may start more meanwhile).
        var dailyShown = long.Parse((await owner.GetByTestId("daily-started").InnerTextAsync()).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(dailyShown, startedBefore, await StartedThese30Days());
        Assert.True(startedBefore > 0, "The flagship's instances of today are counted by day.");
        // The panels are of the same 30 days as the chart by default, and of the version's whole life at the switch.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var kpis = await designerApi.GetFromJsonAsync<JsonElement>($"/v1/kpis/zendesk-ticket-triage?from={today.AddDays(-29):yyyy-MM-dd}&to={today:yyyy-MM-dd}", Cancel);
        Assert.Contains($"from {today.AddDays(-29):yyyy-MM-dd} to {today:yyyy-MM-dd}", await owner.GetByTestId("kpi-scope").InnerTextAsync());
        Assert.Equal(kpis.GetProperty("started").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), (await started.InnerTextAsync()).Trim());
        await owner.GetByLabel("The version's whole life").CheckAsync();
        await Browser.ExpectAsync(owner, owner.GetByTestId("kpi-scope").Filter(new() { HasText = "over its whole life" }), "the panels over the version's whole life");
        var lifetime = await designerApi.GetFromJsonAsync<JsonElement>("/v1/kpis/zendesk-ticket-triage", Cancel);
        Assert.Equal(lifetime.GetProperty("started").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), (await started.InnerTextAsync()).Trim());
        // The A/B arms of the flagship's model steps over the same 30 days: the reply drafter is a split of two variants; the
        // answers the page counts per arm are what the API counted (other tests may decide more meanwhile).
        async Task<JsonElement> DraftArms() => await designerApi.GetFromJsonAsync<JsonElement>(
            $"/v1/experiments/zendesk-ticket-triage/draft?from={DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-29):yyyy-MM-dd}T00:00:00Z", Cancel);
        var armsBefore = await DraftArms();
        await owner.GetByTestId("arms").GetByText("A/B arms").WaitForAsync();
        if (armsBefore.GetProperty("arms").GetArrayLength() >= 2)
        {
            var rows = owner.GetByTestId("arms-draft").Locator("tbody tr");
            await Assertions.Expect(rows).ToHaveCountAsync(armsBefore.GetProperty("arms").GetArrayLength());
            var shown = 0;
            foreach (var row in await rows.AllAsync())
            {
                shown += int.Parse((await row.Locator("td").Nth(1).InnerTextAsync()).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }

            Assert.InRange(shown, armsBefore.GetProperty("outcomes").GetInt32(), (await DraftArms()).GetProperty("outcomes").GetInt32());
            Assert.Contains(armsBefore.GetProperty("stopRule").GetString()!, await owner.GetByTestId("arms").InnerTextAsync());
        }
        else
        {
            await owner.GetByTestId("arms").GetByText("draft", new() { Exact = false }).First.WaitForAsync();
        }

        await owner.GetByTestId("arms").ScrollIntoViewIfNeededAsync();
        await owner.EvaluateAsync("window.scrollTo(0, 0)");
        await Browser.ScreenshotAsync(owner, "dashboard");

        // The instance list, filtered by workflow in its link, shows the newest of the flagship's instances the API lists.
        var listed = await suite.CreateHttpClient("workflows", "dora", Roles.Designer).GetFromJsonAsync<JsonElement>("/v1/instances?workflow=zendesk-ticket-triage&limit=1", Cancel);
        await owner.GotoAsync("/instances?workflow=zendesk-ticket-triage");
        var table = owner.GetByTestId("instances");
        if (listed.GetProperty("items").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } newest)
        {
            await Browser.ExpectAsync(owner, table.GetByRole(AriaRole.Link, new() { Name = newest.GetProperty("id").GetString()! }), "the newest flagship instance");
            Assert.All(await table.Locator("tbody tr").AllInnerTextsAsync(), row => Assert.Contains("zendesk-ticket-triage v", row));
        }
        else
        {
            await Browser.ExpectAsync(owner, table.GetByText("No instance matches"), "the empty list's message");
        }
        await Browser.ScreenshotAsync(owner, "instances");

        // Role-based navigation: a designer has no Policies in the menu, and the page itself refuses them.
        Assert.Equal(0, await owner.GetByRole(AriaRole.Link, new() { Name = "Policies" }).CountAsync());
        await owner.Context.CloseAsync();
    }

    [Fact]
    public async Task A_designer_measures_another_model_on_the_golden_tickets_against_the_serving_classifier()
    {
        var owner = await browser.SignInAsync(Portal, "dora", Roles.Designer);
        await owner.GetByRole(AriaRole.Link, new() { Name = "Models" }).ClickAsync();
        var panel = owner.GetByTestId("backend-evaluation");
        await Browser.ExpectAsync(owner, panel.GetByTestId("backend-run"), "the Measure button");

        // The LLM behind Ollama is not set up on this machine: its backend answers nothing, and the page says so.
        await SelectAsync(owner, "llm-chat (ollama)");
        await panel.GetByTestId("backend-run").ClickAsync();
        await Browser.ExpectAsync(owner, panel.GetByTestId("problem").Filter(new() { HasText = "answered none of the 40 items" }), "the backend's silence, said");

        // The embedded summarizer, asked for labels, is measured and set against the serving classifier, as the API keeps it.
        await SelectAsync(owner, "ticket-summarizer (embedded)");
        await panel.GetByTestId("backend-run").ClickAsync();
        await Browser.ExpectAsync(owner, panel.GetByTestId("backend-verdict"), "the comparison with the serving classifier");
        var inference = suite.CreateHttpClient("inference", "dora", Roles.Designer);
        var kept = (await inference.GetFromJsonAsync<JsonElement>("/v1/evaluations/backends/ticket-summarizer", Cancel)).EnumerateArray().Last();
        Assert.Equal(40, kept.GetProperty("items").GetInt32());
        Assert.Equal(kept.GetProperty("metrics").GetProperty("accuracy").GetDouble().ToString("P1", System.Globalization.CultureInfo.CurrentCulture),
            await panel.GetByTestId("backend-accuracy").InnerTextAsync());
        await panel.ScrollIntoViewIfNeededAsync();
        await Browser.ScreenshotAsync(owner, "models-backend");
        await owner.Context.CloseAsync();

        static async Task SelectAsync(IPage page, string text)
        {
            await page.GetByTestId("backend-model").Locator(".mud-select").First.ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = text }).First.ClickAsync();
            await Assertions.Expect(page.GetByTestId("backend-model").Locator("input")).ToHaveValueAsync(text.Split(' ')[0]);
            await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        }
    }

    [Fact]
    public async Task The_inbox_ordered_by_uncertainty_puts_a_case_the_arms_disagreed_on_first_and_marks_it()
    {
        // A gate whose proposal says how sure the model was and whether the arms of its A/B split agreed (as a classify
        // step with compareArms gives them): a confident disagreement and an unsure agreement.
        var id = $"arms-{Guid.NewGuid():N}"[..16];
        using var designer = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        using var saved = await designer.PutAsJsonAsync($"/v1/definitions/{id}", new
        {
            id, name = id,
            activities = new object[]
            {
                new { id = "start", type = "trigger.manual" },
                new { id = "review", type = "approval.gate", inputs = new { assignees = new[] { "role:reviewer" }, subject = "{{ input.subject }}",
                    proposal = "({ text: 'Draft', confidence: input.confidence, armsAgree: input.armsAgree })" } },
                new { id = "end", type = "flow.end" },
            },
            connections = new[] { new { from = "start", to = "review", outcome = "done" }, new { from = "review", to = "end", outcome = "approved" }, new { from = "review", to = "end", outcome = "rejected" } },
        }, Cancel);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Cancel));
        var version = (await saved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32();
        (await designer.PostAsync($"/v1/definitions/{id}/versions/{version}/publish", null, Cancel)).EnsureSuccessStatusCode();
        foreach (var (subject, confidence, armsAgree) in new[] { ($"Unsure {id}", 0.05, true), ($"Arms split {id}", 0.97, false) })
        {
            using var started = await designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { subject, confidence, armsAgree } }, Cancel);
            Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(Cancel));
        }

        var page = await browser.SignInAsync(Portal, "rex", Roles.Reviewer);
        await page.GotoAsync("/inbox?order=uncertainty");
        var rows = page.GetByTestId("inbox").Locator("tbody tr");
        await Browser.ExpectAsync(page, rows.Filter(new() { HasText = $"Unsure {id}" }), "the unsure task in the inbox");
        // Disagreements come before every agreeing or uncompared task, however unsure; only the disagreement is marked.
        await Assertions.Expect(rows.First).ToContainTextAsync($"Arms split {id}");
        await Assertions.Expect(rows.First.GetByText("arms disagree")).ToBeVisibleAsync();
        await Assertions.Expect(rows.Filter(new() { HasText = $"Unsure {id}" }).GetByText("arms disagree")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "inbox-uncertainty");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_designer_measures_a_drafters_replies_and_reads_what_an_auto_approval_threshold_would_pass()
    {
        var owner = await browser.SignInAsync(Portal, "dora", Roles.Designer);
        await owner.GetByRole(AriaRole.Link, new() { Name = "Models" }).ClickAsync();
        var panel = owner.GetByTestId("drafter-evaluation");
        await Browser.ExpectAsync(owner, panel.GetByTestId("drafter-run"), "the drafters' Measure button");
        await panel.GetByTestId("drafter-model").Locator(".mud-select").First.ClickAsync();
        await owner.Locator(".mud-popover-open .mud-list-item", new() { HasText = "reply-drafter-detailed" }).First.ClickAsync();
        await Assertions.Expect(panel.GetByTestId("drafter-model").Locator("input")).ToHaveValueAsync("reply-drafter-detailed");
        await panel.GetByTestId("drafter-run").ClickAsync();
        await Browser.ExpectAsync(owner, panel.GetByTestId("drafter-summary"), "the drafter's figures");

        // The page shows what the API measures (the same tickets, the same drafter: the same figures).
        var inference = suite.CreateHttpClient("inference", "dora", Roles.Designer);
        using var measured = await inference.PostAsJsonAsync("/v1/evaluations/drafters", new { model = "reply-drafter-detailed" }, Cancel);
        var report = await measured.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        Assert.Contains($"on topic {report.GetProperty("onTopicShare").GetDouble().ToString("P1", culture)}", await panel.GetByTestId("drafter-summary").InnerTextAsync());
        var rows = panel.GetByTestId("drafter-thresholds").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(report.GetProperty("thresholds").GetArrayLength());
        var thresholds = report.GetProperty("thresholds").EnumerateArray().ToList();
        var half = thresholds.FindIndex(t => t.GetProperty("threshold").GetDouble() == 0.5);
        var atHalf = thresholds[half];
        Assert.Equal(["0.5", $"{atHalf.GetProperty("share").GetDouble().ToString("P1", culture)} ({atHalf.GetProperty("items").GetInt32()})",
                atHalf.GetProperty("onTopicShare").GetDouble().ToString("P1", culture), atHalf.GetProperty("classifierAccuracy").GetDouble().ToString("P1", culture)],
            await rows.Nth(half).Locator("td").AllInnerTextsAsync());
        await Assertions.Expect(panel.GetByTestId("drafter-labels").Locator("tbody tr")).ToHaveCountAsync(8);
        await panel.ScrollIntoViewIfNeededAsync();
        await Browser.ScreenshotAsync(owner, "models-drafters");
        await owner.Context.CloseAsync();
    }

    [Fact]
    public async Task A_designer_sees_the_model_measured_on_the_golden_set_and_its_drift_and_an_admin_sees_todays_budgets()
    {
        var owner = await browser.SignInAsync(Portal, "dora", Roles.Designer);
        await owner.GetByRole(AriaRole.Link, new() { Name = "Models" }).ClickAsync();
        await Browser.ExpectAsync(owner, owner.GetByTestId("evaluate"), "the evaluate button");
        await owner.GetByTestId("evaluate").ClickAsync();
        var accuracy = owner.GetByTestId("eval-accuracy");
        await Browser.ExpectAsync(owner, accuracy, "the evaluation's accuracy");
        await Browser.ExpectAsync(owner, owner.GetByTestId("robustness"), "the robustness table");
        await Browser.ExpectAsync(owner, owner.GetByTestId("drift-state"), "the drift state");

        // The page shows what the API measured: the newest evaluation of the serving version on the golden set in force.
        var inference = suite.CreateHttpClient("inference", "dora", Roles.Designer);
        var latest = (await inference.GetFromJsonAsync<JsonElement>("/v1/evaluations/ticket-classifier", Cancel)).EnumerateArray().Last();
        var shown = double.Parse(new string((await accuracy.InnerTextAsync()).Where(c => char.IsDigit(c) || c == '.').ToArray()), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Math.Round(latest.GetProperty("metrics").GetProperty("accuracy").GetDouble() * 100, 1), shown);
        Assert.StartsWith("golden@", latest.GetProperty("dataset").GetString());

        // Today's traffic made the reference (once there is enough of it: 30 inputs), then the golden set again. The drift
        // monitor observes a sample (at most 20 answers a second): tickets are classified a few a second until it counted 30.
        using var service = suite.CreateHttpClient("inference", "workflows", Roles.Service);
        for (var (i, deadline) = (0, DateTime.UtcNow.AddSeconds(90));
             (await inference.GetFromJsonAsync<JsonElement>("/v1/drift/ticket-classifier?hours=24", Cancel)).GetProperty("window").GetProperty("items").GetInt64() < 30; i++)
        {
            Assert.True(DateTime.UtcNow < deadline, "The drift window did not count 30 inputs within 90 s.");
            using var classified = await service.PostAsJsonAsync("/api/chat", new
            {
                model = "ticket-classifier", stream = false, messages = new[] { new { role = "user", content = $"My parcel {i} has not arrived and the tracking page is stuck." } },
            }, Cancel);
            classified.EnsureSuccessStatusCode();
            await Task.Delay(150, Cancel);
        }

        await owner.ReloadAsync();
        await owner.GetByTestId("drift-freeze").ClickAsync();
        await Browser.ExpectAsync(owner, owner.GetByTestId("drift-reference").Filter(new() { HasText = "frozen by dora" }), "today's traffic as the drift reference");
        Assert.Equal("dora", (await inference.GetFromJsonAsync<JsonElement>("/v1/drift/ticket-classifier", Cancel)).GetProperty("frozen").GetProperty("frozenBy").GetString());
        await owner.GetByTestId("drift-thaw").ClickAsync();
        await Browser.ExpectAsync(owner, owner.GetByTestId("drift-reference").Filter(new() { HasText = "against golden set" }), "the golden set as the drift reference again");

        // A candidate trained on the shipped tickets, reading words alone: a new version, not serving, with the gate's Promote beside it.
        await owner.GetByTestId("train").GetByText("reviewers' corrections").ClickAsync(); // unticked: the shipped tickets alone
        await owner.GetByTestId("train-meaning").ClickAsync(); // unticked: words alone
        await owner.GetByTestId("train-run").ClickAsync();
        await Browser.ExpectAsync(owner, owner.GetByTestId("train-result"), "the training run's result");
        var said = Regex.Match(await owner.GetByTestId("train-result").InnerTextAsync(), @"Version (\d+) trained on (.+?) \((\d+) examples, reading words\)");
        Assert.True(said.Success, await owner.GetByTestId("train-result").InnerTextAsync());
        var trained = await inference.GetFromJsonAsync<JsonElement>($"/v1/training/ticket-classifier/versions/{said.Groups[1].Value}", Cancel);
        Assert.StartsWith("shipped", trained.GetProperty("dataset").GetString());
        Assert.Equal(int.Parse(said.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), trained.GetProperty("trainExamples").GetInt32());
        Assert.Equal("Words", trained.GetProperty("features").GetString());
        Assert.NotEqual(trained.GetProperty("version").GetInt32(),
            (await inference.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/versions", Cancel)).GetProperty("promoted").GetInt32());
        await Browser.ExpectAsync(owner, owner.GetByTestId($"promote-v{said.Groups[1].Value}"), "the candidate's Promote button");

        // Promoting it: the gate measures it on the golden set against the serving version, which reads meaning too and
        // is better, so it refuses and says which checks failed; a designer cannot override (an admin could); nothing changes.
        var serving = (await inference.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/versions", Cancel)).GetProperty("promoted").GetInt32();
        await owner.GetByTestId($"promote-v{said.Groups[1].Value}").ClickAsync();
        await Browser.ExpectAsync(owner, owner.GetByTestId("promote-refused").Filter(new() { HasText = "accuracy" }), "the gate's refusal naming accuracy");
        Assert.Equal(0, await owner.GetByTestId("promote-override").CountAsync());
        Assert.Equal(serving, (await inference.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/versions", Cancel)).GetProperty("promoted").GetInt32());
        Assert.Contains((await inference.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/promotions", Cancel)).EnumerateArray(),
            p => p.GetProperty("version").GetInt32() == int.Parse(said.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) && p.GetProperty("by").GetString() == "dora");
        await owner.EvaluateAsync("window.scrollTo(0, 0)");
        await Browser.ScreenshotAsync(owner, "models");
        Assert.Equal(0, await owner.GetByRole(AriaRole.Link, new() { Name = "Budgets" }).CountAsync());
        await owner.Context.CloseAsync();

        // The refusal reaches the governance audit by the inference service's outbox, and an admin reads it there.
        var audit = suite.CreateHttpClient("governance", "ada", Roles.Admin);
        var reported = "/v1/audit/entries?actor=dora&action=model.promote&decision=refused";
        for (var deadline = DateTime.UtcNow.AddSeconds(60); (await audit.GetFromJsonAsync<JsonElement>(reported, Cancel)).GetProperty("items").GetArrayLength() == 0;)
        {
            Assert.True(DateTime.UtcNow < deadline, "The promotion's refusal did not reach the governance audit within a minute.");
            await Task.Delay(250, Cancel);
        }

        var admin = await browser.SignInAsync(Portal, "ada", Roles.Admin);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        await admin.GetByTestId("audit-actor").Locator("input").FillAsync("dora");
        await admin.GetByTestId("audit-action").Locator("input").FillAsync("model.promote");
        await admin.GetByTestId("audit-search").ClickAsync();
        var refusal = admin.GetByTestId("audit-entries").Locator("tr", new() { HasText = $"ticket-classifier v{said.Groups[1].Value}" });
        await Browser.ExpectAsync(admin, refusal, "the promotion's refusal in the governance audit");
        var row = await refusal.InnerTextAsync();
        Assert.Contains("reported by inference", row);
        Assert.Contains("refused", row);
        Assert.Contains("failed checks", row);

        // The admin looks at the flagship's budgets for today.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Budgets" }).ClickAsync();
        await Browser.ExpectAsync(admin, admin.GetByTestId("budget-show"), "the show button");
        await admin.GetByTestId("budget-show").ClickAsync();
        var answer = admin.GetByTestId("budget-none").Or(admin.GetByTestId("budget-usage"));
        await Browser.ExpectAsync(admin, answer, "the budgets' answer");
        // The page says what spends from a budget and what happens when it is used up.
        Assert.Contains("Every model step", await admin.GetByTestId("budget-how").InnerTextAsync());
        await Browser.ScreenshotAsync(admin, "budgets");
        await admin.Context.CloseAsync();
    }
}
