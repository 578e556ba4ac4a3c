using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;

namespace Integration.Workflows.Tests;

/// <summary>The approvals inbox: tasks by role, claim, decide (edit-and-approve keeps before and after), 409 on a second decision.</summary>
public sealed class ApprovalTests(WorkflowsFactory service) : IClassFixture<WorkflowsFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Designer => service.CreateClient("dora", Roles.Designer);

    [Fact]
    public async Task A_reviewer_edits_and_approves_the_instance_goes_on_with_the_edit_and_a_second_decision_is_409()
    {
        var id = $"gate-{Guid.NewGuid():N}"[..20];
        using var saved = await Designer.PutAsJsonAsync($"/v1/definitions/{id}", new
        {
            id, name = "Gated",
            activities = new object[]
            {
                new { id = "start", type = "trigger.manual" },
                new { id = "review", type = "approval.gate", inputs = new { assignees = new[] { "role:reviewer" }, subject = "Check {{ input.customer }}", proposal = "({ text: 'Draft for ' + input.customer })" } },
                new { id = "sent", type = "flow.end", inputs = new { outputs = "({ sent: steps.review.output.text, by: steps.review.decidedBy })" } },
                new { id = "dropped", type = "flow.end", inputs = new { outputs = "({ sent: null })" } },
            },
            connections = new[] { new { from = "start", to = "review", outcome = "done" }, new { from = "review", to = "sent", outcome = "approved" }, new { from = "review", to = "dropped", outcome = "rejected" } },
        }, Cancel);
        var version = (await saved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32();
        (await Designer.PostAsync($"/v1/definitions/{id}/versions/{version}/publish", null, Cancel)).EnsureSuccessStatusCode();
        using var started = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { customer = "Vera" } }, Cancel);
        var instance = (await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;

        var rex = service.CreateClient("rex", Roles.Reviewer);
        var rita = service.CreateClient("rita", Roles.Reviewer);
        var task = (await rex.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray().Single(t => t.GetProperty("instanceId").GetString() == instance);
        var taskId = task.GetProperty("id").GetString()!;
        Assert.Equal("Check Vera", task.GetProperty("subject").GetString());
        Assert.DoesNotContain((await Designer.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray(), t => t.GetProperty("id").GetString() == taskId);
        // The task names the customer: its reviewers and admins read it, a designer does not.
        using var byDesigner = await Designer.GetAsync($"/v1/approvals/{taskId}", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, byDesigner.StatusCode);
        Assert.DoesNotContain("Vera", await byDesigner.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("Check Vera", (await rex.GetFromJsonAsync<JsonElement>($"/v1/approvals/{taskId}", Cancel)).GetProperty("subject").GetString());
        Assert.Equal("Check Vera", (await service.CreateClient("ada", Roles.Admin).GetFromJsonAsync<JsonElement>($"/v1/approvals/{taskId}", Cancel)).GetProperty("subject").GetString());

        using var notAssigned = await Designer.PostAsJsonAsync($"/v1/approvals/{taskId}/decide", new { decision = "approve" }, Cancel);
        using var claimed = await rex.PostAsync($"/v1/approvals/{taskId}/claim", null, Cancel);
        using var taken = await rita.PostAsync($"/v1/approvals/{taskId}/claim", null, Cancel);
        using var badDecision = await rex.PostAsJsonAsync($"/v1/approvals/{taskId}/decide", new { decision = "edit-approve" }, Cancel);
        using var decided = await rex.PostAsJsonAsync($"/v1/approvals/{taskId}/decide", new { decision = "edit-approve", output = new { text = "Edited for Vera" } }, Cancel);
        using var again = await rex.PostAsJsonAsync($"/v1/approvals/{taskId}/decide", new { decision = "reject" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, notAssigned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDecision.StatusCode);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // Someone who may not decide learns nothing about a task: not that it is decided, not whether it exists.
        using var designerAfter = await Designer.PostAsJsonAsync($"/v1/approvals/{taskId}/decide", new { decision = "approve" }, Cancel);
        using var designerMissing = await Designer.PostAsync("/v1/approvals/no-such-task/claim", null, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, designerAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, designerMissing.StatusCode);

        var state = await Designer.GetFromJsonAsync<JsonElement>($"/v1/instances/{instance}", Cancel);
        Assert.Equal("Completed", state.GetProperty("status").GetString());
        Assert.Equal("Edited for Vera", state.GetProperty("outputs").GetProperty("sent").GetString());
        Assert.Equal("rex", state.GetProperty("outputs").GetProperty("by")[0].GetString());

        var kpis = await Designer.GetFromJsonAsync<JsonElement>($"/v1/kpis/{id}", Cancel);
        Assert.Equal(1, kpis.GetProperty("started").GetInt32());
        Assert.Equal(1, kpis.GetProperty("completed").GetInt32());
        Assert.Equal(0, kpis.GetProperty("completedWithoutEditShare").GetDouble()); // the reviewer edited
        Assert.Equal(1, kpis.GetProperty("approvalTurnaroundSeconds").GetProperty("samples").GetInt32());
        Assert.True(kpis.GetProperty("stepLatencyMs").GetProperty("samples").GetInt32() >= 1);
        Assert.Equal(0, kpis.GetProperty("waitingOnApproval").GetInt32());

        var example = (await Designer.GetFromJsonAsync<JsonElement>("/v1/feedback/examples", Cancel)).EnumerateArray().First(e => e.GetProperty("task").GetString() == taskId);
        Assert.Equal("Draft for Vera", example.GetProperty("before").GetProperty("text").GetString());
        Assert.Equal("Edited for Vera", example.GetProperty("after").GetProperty("text").GetString());
        Assert.True(example.GetProperty("edited").GetBoolean());
    }

    [Fact]
    public async Task An_edit_that_does_not_fit_the_gates_output_schema_is_refused_at_its_field_and_one_that_fits_goes_on()
    {
        var id = $"schema-{Guid.NewGuid():N}"[..20];
        using var saved = await Designer.PutAsJsonAsync($"/v1/definitions/{id}", new
        {
            id, name = "Gated with a schema",
            activities = new object[]
            {
                new { id = "start", type = "trigger.manual" },
                new
                {
                    id = "review", type = "approval.gate",
                    inputs = new
                    {
                        assignees = new[] { "role:reviewer" }, proposal = "({ category: 'shipping', priority: 3 })",
                        outputSchema = new
                        {
                            type = "object", required = new[] { "category", "priority" },
                            properties = new { category = new { type = "string", @enum = new[] { "shipping", "billing" } }, priority = new { type = "integer", minimum = 1, maximum = 5 } },
                        },
                    },
                },
                new { id = "end", type = "flow.end", inputs = new { outputs = "({ category: steps.review.output.category, priority: steps.review.output.priority })" } },
            },
            connections = new[] { new { from = "start", to = "review", outcome = "done" }, new { from = "review", to = "end", outcome = "approved" } },
        }, Cancel);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Cancel));
        var version = (await saved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32();
        (await Designer.PostAsync($"/v1/definitions/{id}/versions/{version}/publish", null, Cancel)).EnsureSuccessStatusCode();
        using var started = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { } }, Cancel);
        var instance = (await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
        var rex = service.CreateClient("rex", Roles.Reviewer);
        var task = (await rex.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray().Single(t => t.GetProperty("instanceId").GetString() == instance);
        var taskId = task.GetProperty("id").GetString()!;

        using var unfit = await rex.PostAsJsonAsync($"/v1/approvals/{taskId}/decide", new { decision = "edit-approve", output = new { category = "returns", priority = 9 } }, Cancel);
        var problem = await unfit.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var stillPending = await rex.GetFromJsonAsync<JsonElement>($"/v1/approvals/{taskId}", Cancel);
        using var fit = await rex.PostAsJsonAsync($"/v1/approvals/{taskId}/decide", new { decision = "edit-approve", output = new { category = "billing", priority = 1 } }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, unfit.StatusCode);
        Assert.Equal("At most 5.", problem.GetProperty("errors").GetProperty("$.output.priority")[0].GetString());
        Assert.Equal("One of 'shipping', 'billing'.", problem.GetProperty("errors").GetProperty("$.output.category")[0].GetString());
        Assert.Equal("pending", stillPending.GetProperty("status").GetString(), ignoreCase: true);
        Assert.Equal("integer", stillPending.GetProperty("outputSchema").GetProperty("properties").GetProperty("priority").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, fit.StatusCode);
        var outputs = (await Designer.GetFromJsonAsync<JsonElement>($"/v1/instances/{instance}", Cancel)).GetProperty("outputs");
        Assert.Equal(("billing", 1), (outputs.GetProperty("category").GetString(), outputs.GetProperty("priority").GetInt32()));
    }

    [Fact]
    public async Task A_task_past_its_sla_is_escalated_or_rejected_as_the_gate_says()
    {
        var rejecting = await StartGated("reject");
        var reassigning = await StartGated("reassign");

        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement rejected;
        do
        {
            await Task.Delay(200, Cancel);
            rejected = await Designer.GetFromJsonAsync<JsonElement>($"/v1/instances/{rejecting}", Cancel);
            Assert.True(DateTime.UtcNow < deadline, $"Not rejected by its SLA within 20 s: {rejected}");
        }
        while (rejected.GetProperty("status").GetString() != "Completed");

        Assert.True(rejected.GetProperty("outputs").GetProperty("sent").ValueKind == JsonValueKind.Null); // the rejected path
        var admin = service.CreateClient("ada", Roles.Admin);
        JsonElement? escalated = null;
        while (escalated is null)
        {
            escalated = (await admin.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray()
                .Cast<JsonElement?>().FirstOrDefault(t => t!.Value.GetProperty("instanceId").GetString() == reassigning);
            Assert.True(DateTime.UtcNow < deadline, "The task was not reassigned to admins within 20 s.");
            await Task.Delay(200, Cancel);
        }

        Assert.Contains("role:admin", escalated.Value.GetProperty("assignees").EnumerateArray().Select(a => a.GetString()));
        Assert.True(escalated.Value.GetProperty("reminders").GetInt32() >= 1);
    }

    private async Task<string> StartGated(string onSlaBreach)
    {
        var id = $"sla-{Guid.NewGuid():N}"[..20];
        using var saved = await Designer.PutAsJsonAsync($"/v1/definitions/{id}", new
        {
            id, name = "SLA",
            activities = new object[]
            {
                new { id = "start", type = "trigger.manual" },
                new { id = "review", type = "approval.gate", inputs = new { assignees = new[] { "role:reviewer" }, sla = "PT1S", onSlaBreach } },
                new { id = "sent", type = "flow.end", inputs = new { outputs = "({ sent: true })" } },
                new { id = "dropped", type = "flow.end", inputs = new { outputs = "({ sent: null })" } },
            },
            connections = new[] { new { from = "start", to = "review", outcome = "done" }, new { from = "review", to = "sent", outcome = "approved" }, new { from = "review", to = "dropped", outcome = "rejected" } },
        }, Cancel);
        var version = (await saved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32();
        (await Designer.PostAsync($"/v1/definitions/{id}/versions/{version}/publish", null, Cancel)).EnsureSuccessStatusCode();
        using var started = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { } }, Cancel);
        return (await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
    }
}
