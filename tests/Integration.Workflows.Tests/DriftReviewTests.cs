using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;

namespace Integration.Workflows.Tests;

/// <summary>The shipped drift review: the inference service's drift alert, as a trigger event, becomes an admin's task; approved, it retrains.</summary>
public sealed class DriftReviewTests(WorkflowsFactory service) : IClassFixture<WorkflowsFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_drift_alert_becomes_an_admins_task_with_its_figures_and_approving_it_asks_for_retraining()
    {
        var inference = service.CreateClient("inference", Roles.Service);
        var at = DateTimeOffset.UtcNow;
        var alert = new
        {
            id = $"inference-drift-ticket-classifier-{at.ToUnixTimeMilliseconds()}", source = "inference", type = "inference.drift.alert", subject = "model:ticket-classifier", time = at,
            data = new { model = "ticket-classifier", at, reasons = new[] { "label PSI 0.41 over 0.25" }, items = 120, centroidDistance = 0.21, lengthPsi = 0.02, labelPsi = 0.41, confidencePsi = 0.33 },
        };

        using var delivered = await inference.PostAsJsonAsync("/v1/triggers/events", alert, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, delivered.StatusCode);
        var instance = Assert.Single((await delivered.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("started").EnumerateArray()).GetString()!;

        var ada = service.CreateClient("ada", Roles.Admin);
        JsonElement? task = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); task is null; await Task.Delay(100, Cancel))
        {
            Assert.True(DateTime.UtcNow < deadline, "The drift review's task did not reach the admins' inbox within 20 s.");
            task = (await ada.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray().Cast<JsonElement?>()
                .FirstOrDefault(t => t!.Value.GetProperty("instanceId").GetString() == instance);
        }

        Assert.Equal("Model ticket-classifier has drifted (120 recent inputs)", task!.Value.GetProperty("subject").GetString());
        Assert.Equal("label PSI 0.41 over 0.25", task.Value.GetProperty("proposal").GetProperty("reasons")[0].GetString());
        Assert.DoesNotContain((await service.CreateClient("rex", Roles.Reviewer).GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray(),
            t => t.GetProperty("instanceId").GetString() == instance); // an admin's decision, not a reviewer's

        using var decided = await ada.PostAsJsonAsync($"/v1/approvals/{task.Value.GetProperty("id").GetString()}/decide", new { decision = "approve" }, Cancel);
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(Cancel));
        var designer = service.CreateClient("dora", Roles.Designer);
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(100, Cancel))
        {
            var state = await designer.GetFromJsonAsync<JsonElement>($"/v1/instances/{instance}", Cancel);
            // Approved, it asks the inference service to retrain the alert's model; this test runs the workflow service
            // alone, so the call finds no inference service and, its retries spent, the instance waits as an incident at
            // that step (the whole loop, with the training run and the gate, is EndToEnd's DriftRetrainingTests).
            if (state.GetProperty("status").GetString() == "Incident")
            {
                var incident = Assert.Single(state.GetProperty("bookmarks").EnumerateArray());
                Assert.Equal("retrain", incident.GetProperty("activityId").GetString());
                var asked = state.GetProperty("journal").EnumerateArray().First(e => e.GetProperty("activityId").GetString() == "retrain").GetProperty("inputs");
                Assert.Equal("ticket-classifier", asked.GetProperty("model").GetString());
                Assert.Equal(["shipped", "feedback"], asked.GetProperty("datasets").EnumerateArray().Select(d => d.GetString()));
                Assert.Equal("ada", asked.GetProperty("requestedBy").GetString()); // who approved: the log and the audit name them
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The drift review did not go on to retraining after the decision: {state}");
        }
    }
}
