using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;

namespace Integration.EndToEnd.Tests;

/// <summary>
/// The shipped drift review through the whole graph: a drift alert becomes an admin's task; approved, the workflow
/// retrains the classifier on the shipped tickets and the reviewers' corrections and puts the new version to the
/// promotion gate, whose decision is in the instance's outputs, the promotion log and the governance audit. It may
/// change the serving version, so it runs alone, after the other tests.
/// </summary>
[Collection(nameof(Destructive))]
public sealed class DriftRetrainingTests(SuiteFixture suite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_approves_a_drift_review_and_the_workflow_retrains_the_model_through_the_promotion_gate()
    {
        using var inference = suite.CreateHttpClient("inference", "ada", Roles.Admin);
        var before = (await inference.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/versions", Cancel)).GetProperty("versions").GetArrayLength();

        // The alert as the inference service's drift monitor delivers it to the workflow service's trigger intake.
        using var intake = suite.CreateHttpClient("workflows", "inference", Roles.Service);
        var at = DateTimeOffset.UtcNow;
        using var delivered = await intake.PostAsJsonAsync("/v1/triggers/events", new
        {
            id = $"inference-drift-ticket-classifier-{at.ToUnixTimeMilliseconds()}", source = "inference", type = "inference.drift.alert", subject = "model:ticket-classifier", time = at,
            data = new { model = "ticket-classifier", at, reasons = new[] { "confidence PSI 0.31 over 0.25" }, items = 200, centroidDistance = 0.12, lengthPsi = 0.01, labelPsi = 0.08, confidencePsi = 0.31 },
        }, Cancel);
        Assert.True(delivered.IsSuccessStatusCode, await delivered.Content.ReadAsStringAsync(Cancel));
        var instance = Assert.Single((await delivered.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("started").EnumerateArray()).GetString()!;

        using var admin = suite.CreateHttpClient("workflows", "ada", Roles.Admin);
        JsonElement? task = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); task is null; await Task.Delay(200, Cancel))
        {
            Assert.True(DateTime.UtcNow < deadline, "The drift review's task did not reach the admins' inbox within 30 s.");
            task = (await admin.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray().Cast<JsonElement?>()
                .FirstOrDefault(t => t!.Value.GetProperty("instanceId").GetString() == instance);
        }

        using var decided = await admin.PostAsJsonAsync($"/v1/approvals/{task!.Value.GetProperty("id").GetString()}/decide", new { decision = "approve" }, Cancel);
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(Cancel));

        var completed = await FlagshipTests.InstanceAt(suite, instance, "Completed");
        var outputs = completed["outputs"]!;
        var version = outputs["version"]!.GetValue<int>();
        var promoted = outputs["promoted"]!.GetValue<bool>();
        var retrain = completed["steps"]!["retrain"]!;
        TestContext.Current.TestOutputHelper?.WriteLine($"retrained: version {version} on {retrain["dataset"]}, promoted {promoted}: {retrain["checks"]!.ToJsonString()}");
        Assert.Equal(("retrained", "ticket-classifier"), (outputs["decision"]!.GetValue<string>(), outputs["model"]!.GetValue<string>()));
        Assert.Equal(before + 1, version);
        Assert.StartsWith("shipped", retrain["dataset"]!.GetValue<string>());
        Assert.Equal(retrain["checks"]!.AsArray().All(c => c!["passed"]!.GetValue<bool>()), promoted);

        // The promotion log has the gate's decision, taken for the workflow; the serving version is what it says.
        var log = await inference.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/promotions", Cancel);
        var record = log.EnumerateArray().Single(p => p.GetProperty("version").GetInt32() == version);
        Assert.Equal((promoted ? "Promoted" : "Refused", "ada (through workflows)"), (record.GetProperty("outcome").GetString(), record.GetProperty("by").GetString()));
        var serving = (await inference.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/versions", Cancel)).GetProperty("promoted").GetInt32();
        Assert.Equal(promoted, serving == version);

        // And the governance audit, through the inference service's outbox.
        using var audit = suite.CreateHttpClient("governance", "ada", Roles.Admin);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(250, Cancel))
        {
            var items = (await audit.GetFromJsonAsync<JsonElement>($"/v1/audit/entries?actor={Uri.EscapeDataString("ada (through workflows)")}&action=model.promote&decision={(promoted ? "promoted" : "refused")}", Cancel))
                .GetProperty("items");
            if (items.GetArrayLength() > 0)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "The retrained version's promotion decision did not reach the governance audit within a minute.");
        }
    }
}
