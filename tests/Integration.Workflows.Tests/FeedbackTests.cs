using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Feedback;

namespace Integration.Workflows.Tests;

/// <summary>Every gate outcome becomes a feedback record, read back page by page and exported in fine-tuning shapes.</summary>
public sealed class FeedbackTests(WorkflowsFactory service) : IClassFixture<WorkflowsFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Designer => service.CreateClient("dora", Roles.Designer);

    private HttpClient Reviewer => service.CreateClient("rex", Roles.Reviewer);

    [Fact]
    public void A_reviewers_change_is_counted_in_characters_and_a_changed_label_is_traced_to_its_model_step()
    {
        var classify = new ModelStepRecord("classify", "llm.classify", "ticket-classifier", "ticket-classifier", "1/trained-1",
            new JsonObject { ["text"] = "Where is my parcel?" }, new JsonObject { ["label"] = "billing", ["confidence"] = 0.55 }, 12, 3, 1.5);
        var before = JsonNode.Parse("""{"text": "Hello <PERSON_1>, we are looking into your invoice and will get back to you within a day.", "category": "billing"}""");
        var after = JsonNode.Parse("""{"text": "Hello <PERSON_1>, we are looking into your parcel and will get back to you within a day.", "category": "shipping"}""");

        Assert.Equal(3, FeedbackDiff.Levenshtein("kitten", "sitting"));
        Assert.Equal(FeedbackDiff.Levenshtein("invoice", "parcel"), FeedbackDiff.EditDistance(before, after));
        var correction = Assert.Single(FeedbackDiff.Corrections(before, after, [classify]));
        Assert.Equal(("category", "billing", "shipping", "classify"), (correction.Field, correction.Proposed!.ToString(), correction.Final!.ToString(), correction.Step));
    }

    [Fact]
    public async Task Each_outcome_is_a_record_and_the_records_are_read_on_from_a_cursor_with_filters()
    {
        var id = await PublishAsync("feedback", sla: null);
        var approved = await StartAsync(id);
        var edited = await StartAsync(id);
        var rejected = await StartAsync(id);
        await DecideAsync(approved, new { decision = "approve" });
        await DecideAsync(edited, new { decision = "edit-approve", output = new { text = "Dear customer, your parcel left the warehouse today and arrives on Friday.", category = "shipping" } });
        await DecideAsync(rejected, new { decision = "reject", comment = "Wrong tone." });

        var all = await Designer.GetFromJsonAsync<FeedbackPage>($"/v1/feedback/records?workflow={id}", JsonSerializerOptions.Web, Cancel);
        var first = await Designer.GetFromJsonAsync<FeedbackPage>($"/v1/feedback/records?workflow={id}&count=1", JsonSerializerOptions.Web, Cancel);
        var rest = await Designer.GetFromJsonAsync<FeedbackPage>($"/v1/feedback/records?workflow={id}&cursor={first!.Next}", JsonSerializerOptions.Web, Cancel);
        var onlyRejected = await Designer.GetFromJsonAsync<FeedbackPage>($"/v1/feedback/records?workflow={id}&decision=rejected", JsonSerializerOptions.Web, Cancel);

        Assert.Equal([approved, edited, rejected], all!.Records.Select(r => r.Instance));
        Assert.Equal([approved], first.Records.Select(r => r.Instance));
        Assert.Equal([edited, rejected], rest!.Records.Select(r => r.Instance));
        Assert.Equal([rejected], onlyRejected!.Records.Select(r => r.Instance));
        var edit = all.Records[1];
        Assert.True(edit is { Edited: true, EditDistance: > 10, Source: DecisionSource.Reviewer });
        Assert.Equal(["rex"], edit.DecidedBy);
        var correction = Assert.Single(edit.Corrections);
        Assert.Equal(("category", "billing", "shipping"), (correction.Field, correction.Proposed!.ToString(), correction.Final!.ToString()));
        Assert.Equal("Wrong tone.", all.Records[2].Comment);
        Assert.True(all.Records.All(r => r.TurnaroundSeconds >= 0 && r.At >= r.OpenedAt));

        // The business figures: two of the three reviewers' decisions overrode the proposal (an edit, a rejection), none
        // was left to the rules; three reviewer decisions at 3 minutes and 40 an hour over three completed instances.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement business;
        do
        {
            business = (await Designer.GetFromJsonAsync<JsonElement>($"/v1/kpis/{id}", Cancel)).GetProperty("business");
            Assert.True(DateTime.UtcNow < deadline, $"The business figures did not count three gates: {business}");
        }
        while (business.GetProperty("decidedGates").GetInt32() < 3 || business.GetProperty("costPerResolution").ValueKind == JsonValueKind.Null);

        Assert.Equal(0.6667, business.GetProperty("overrideRate").GetDouble());
        Assert.Equal(0, business.GetProperty("autoResolutionRate").GetDouble());
        Assert.Equal(6, business.GetProperty("reviewerCost").GetDouble());
        Assert.Equal(2, business.GetProperty("costPerResolution").GetDouble());
    }

    [Fact]
    public async Task A_task_its_sla_rejects_is_a_record_decided_by_the_sla()
    {
        var id = await PublishAsync("feedback-sla", sla: "PT1S");
        var instance = await StartAsync(id);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        FeedbackPage? page;
        do
        {
            await Task.Delay(200, Cancel);
            page = await Designer.GetFromJsonAsync<FeedbackPage>($"/v1/feedback/records?workflow={id}", JsonSerializerOptions.Web, Cancel);
            Assert.True(DateTime.UtcNow < deadline, "No record of the SLA's rejection within 20 s.");
        }
        while (page!.Records.Count == 0);

        var record = Assert.Single(page.Records);
        Assert.Equal((instance, ApprovalStatus.Rejected, DecisionSource.Sla), (record.Instance, record.Decision, record.Source));
        Assert.Equal(["sla"], record.DecidedBy);
    }

    [Fact]
    public async Task Bad_cursors_decisions_and_formats_are_400_with_what_to_give()
    {
        using var cursor = await Designer.GetAsync("/v1/feedback/records?cursor=yesterday", Cancel);
        using var decision = await Designer.GetAsync("/v1/feedback/records?decision=maybe", Cancel);
        using var format = await Designer.GetAsync("/v1/feedback/export?format=csv", Cancel);
        using var reviewer = await Reviewer.GetAsync("/v1/feedback/records", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, cursor.StatusCode);
        Assert.Contains("cursor", await cursor.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("approved, rejected, changes-requested, auto-approved, auto-rejected", await decision.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("chat, prompt-completion, text-label", await format.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.Forbidden, reviewer.StatusCode);
    }

    private async Task<string> PublishAsync(string prefix, string? sla)
    {
        var id = $"{prefix}-{Guid.NewGuid():N}"[..24];
        await service.PublishAsync(new
        {
            id, name = "Feedback",
            activities = new object[]
            {
                new { id = "start", type = "trigger.manual" },
                new
                {
                    id = "review", type = "approval.gate",
                    inputs = (object)(sla is null
                        ? new { assignees = new[] { "role:reviewer" }, proposal = "({ text: 'Dear customer, we are looking into your invoice and will get back to you.', category: 'billing' })" }
                        : new { assignees = new[] { "role:reviewer" }, proposal = "({ text: 'Draft', category: 'billing' })", sla, onSlaBreach = "reject" }),
                },
                new { id = "end", type = "flow.end" },
            },
            connections = new[] { new { from = "start", to = "review", outcome = "done" }, new { from = "review", to = "end", outcome = "approved" }, new { from = "review", to = "end", outcome = "rejected" } },
        }, id);
        return id;
    }

    private async Task<string> StartAsync(string id)
    {
        using var started = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { } }, Cancel);
        return (await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
    }

    private async Task DecideAsync(string instance, object decision)
    {
        var task = (await Reviewer.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray().Single(t => t.GetProperty("instanceId").GetString() == instance);
        using var decided = await Reviewer.PostAsJsonAsync($"/v1/approvals/{task.GetProperty("id").GetString()}/decide", decision, Cancel);
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(Cancel));
    }
}

/// <summary>The inbox sorted as a reviewer asks: oldest first, due first, or by uncertainty (arms that disagree, then the least confident).</summary>
public sealed class InboxOrderTests(WorkflowsFactory service) : IClassFixture<WorkflowsFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Uncertainty_puts_disagreeing_arms_then_the_least_confident_proposals_first_and_sla_the_soonest_due()
    {
        var designer = service.CreateClient("dora", Roles.Designer);
        var id = $"inbox-{Guid.NewGuid():N}"[..20];
        await service.PublishAsync(new
        {
            id, name = "Inbox order",
            activities = new object[]
            {
                new { id = "start", type = "trigger.manual" },
                new { id = "review", type = "approval.gate", inputs = new { assignees = new[] { "role:reviewer" }, proposal = "({ text: 'Draft', confidence: input.confidence, armsAgree: input.armsAgree })", sla = "PT1H" } },
                new { id = "end", type = "flow.end" },
            },
            connections = new[] { new { from = "start", to = "review", outcome = "done" }, new { from = "review", to = "end", outcome = "approved" }, new { from = "review", to = "end", outcome = "rejected" } },
        }, id);
        var started = new List<string>();
        // The last: a confident answer the arms of an A/B split disagreed on, which the uncertainty order puts first.
        foreach (var (confidence, armsAgree) in new (double, bool?)[] { (0.9, null), (0.2, true), (0.6, null), (0.95, false) })
        {
            using var response = await designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { confidence, armsAgree } }, Cancel);
            started.Add((await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!);
        }

        var reviewer = service.CreateClient("rex", Roles.Reviewer);
        async Task<List<string>> Inbox(string order) => (await reviewer.GetFromJsonAsync<JsonElement>($"/v1/approvals/inbox?order={order}", Cancel)).EnumerateArray()
            .Select(t => t.GetProperty("instanceId").GetString()!).Where(started.Contains).ToList();

        Assert.Equal([started[3], started[1], started[2], started[0]], await Inbox("uncertainty"));
        Assert.Equal(started, await Inbox("age"));
        Assert.Equal(started, await Inbox("sla")); // the same SLA: due in the order they opened
        using var bad = await reviewer.GetAsync("/v1/approvals/inbox?order=random", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
