using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;

namespace Integration.EndToEnd.Tests;

/// <summary>
/// Budgets through the whole graph: a workflow's model steps spend from the daily budget of the policy in force, and once
/// it is used up the next model step is refused before it calls a model: the instance stops as an incident saying which
/// budget and when it resets, and the admin's usage shows what was spent.
/// </summary>
public sealed class BudgetTests(SuiteFixture suite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_model_step_past_the_workflows_daily_token_budget_is_refused_and_the_instance_stops_as_an_incident()
    {
        var workflow = $"budget-probe-{Guid.NewGuid():N}"[..24];
        using var admin = suite.CreateHttpClient("governance", "ada", Roles.Admin);
        var policy = $"appliesTo: {{workflows: [{workflow}]}}\nbudgets:\n  perWorkflow: {{tokensPerDay: 5}}";
        (await admin.PutAsync($"/v1/policies/{workflow}", new StringContent(policy, Encoding.UTF8, "application/yaml"), Cancel)).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/v1/policies/{workflow}/versions/1/publish", null, Cancel)).EnsureSuccessStatusCode();

        using var designer = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        JsonObject Classify(string id) => new()
        {
            ["id"] = id, ["type"] = "llm.classify", ["inputs"] = new JsonObject { ["model"] = "ticket-classifier", ["text"] = "{{ input.text }}" },
            ["retry"] = new JsonObject { ["maxAttempts"] = 1 },
        };
        var definition = new JsonObject
        {
            ["id"] = workflow, ["name"] = "Budget probe",
            ["activities"] = new JsonArray(new JsonObject { ["id"] = "start", ["type"] = "trigger.manual" }, Classify("first"), Classify("second"), new JsonObject { ["id"] = "end", ["type"] = "flow.end" }),
            ["connections"] = new JsonArray(
                new JsonObject { ["from"] = "start", ["to"] = "first" }, new JsonObject { ["from"] = "first", ["to"] = "second" }, new JsonObject { ["from"] = "second", ["to"] = "end" }),
        };
        (await designer.PutAsJsonAsync($"/v1/definitions/{workflow}", definition, Cancel)).EnsureSuccessStatusCode();
        (await designer.PostAsync($"/v1/definitions/{workflow}/versions/1/publish", null, Cancel)).EnsureSuccessStatusCode();

        using var started = await designer.PostAsJsonAsync($"/v1/workflows/{workflow}/instances", new { input = new { text = "I was charged twice for my invoice this month" } }, Cancel);
        started.EnsureSuccessStatusCode();
        var instanceId = (await started.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["id"]!.GetValue<string>();

        // The first classification fits the day's allowance when it starts and spends past it; the second is refused before it calls the model.
        var incident = await FlagshipTests.InstanceAt(suite, instanceId, "Incident");
        Assert.NotNull(incident["steps"]!["first"]!["label"]);
        Assert.Null(incident["steps"]!["second"]);
        Assert.Contains($"budget workflow {workflow}, tokens per day", incident["error"]!.GetValue<string>());
        Assert.Contains("used up for today", incident["error"]!.GetValue<string>());

        var usage = (await admin.GetFromJsonAsync<JsonObject>($"/v1/budgets/usage?workflow={workflow}", Cancel))!["usage"]!.AsArray().Single()!;
        var spent = incident["steps"]!["first"]!["tokens"]!;
        Assert.Equal(spent["in"]!.GetValue<long>() + spent["out"]!.GetValue<long>(), usage["used"]!.GetValue<decimal>());
    }
}
