using System.Net;
using System.Net.Http.Json;
using System.Text;
using Integration.Governance.Budgets;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http;

namespace Integration.Governance.Tests;

public sealed class BudgetEndpointTests(GovernanceFactory governance) : IClassFixture<GovernanceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_step_over_its_workflows_budget_is_denied_under_the_published_policy()
    {
        using var admin = governance.CreateClient("ada", Roles.Admin);
        using var workflows = governance.CreateClient("workflows", Roles.Service);
        const string policy = "appliesTo: {workflows: [budgeted]}\nbudgets:\n  perWorkflow: {tokensPerDay: 1000, costPerDay: 2.50}";
        (await admin.PutAsync("/v1/policies/budgeted", new StringContent(policy, Encoding.UTF8, "application/yaml"), Cancel)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/v1/policies/budgeted/versions/1/publish", null, Cancel)).EnsureSuccessStatusCode();

        var first = await ConsumeAsync(workflows, new { workflow = "budgeted", tokens = 800, cost = 1.0 });
        var second = await ConsumeAsync(workflows, new { workflow = "budgeted", tokens = 300, cost = 0.5 });

        Assert.True(first.Allowed);
        Assert.Equal("budgeted@1", first.Policy);
        Assert.False(second.Allowed);
        Assert.Equal("workflow budgeted, tokens per day", second.ExceededBudget);
        Assert.Equal(800m, second.Usage.Single().Used);

        // An admin reads today's use against each limit; reading spends nothing.
        var usage = await admin.GetFromJsonAsync<BudgetUsageResponse>("/v1/budgets/usage?workflow=budgeted", Cancel);
        var again = await admin.GetFromJsonAsync<BudgetUsageResponse>("/v1/budgets/usage?workflow=budgeted", Cancel);
        Assert.Equal("budgeted@1", usage!.Policy);
        Assert.Equal([("tokens per day", 800m, 1000m), ("cost per day", 1.0m, 2.50m)], usage.Usage.Select(u => (u.Measure, u.Used, u.Limit)));
        Assert.Equal(usage.Usage, again!.Usage);
        Assert.Equal(first.ResetsAt, usage.ResetsAt);
    }

    [Fact]
    public async Task Tokens_already_spent_are_counted_past_the_limit_and_then_the_next_step_is_refused_before_it_spends()
    {
        using var admin = governance.CreateClient("ada", Roles.Admin);
        using var workflows = governance.CreateClient("workflows", Roles.Service);
        const string policy = "appliesTo: {workflows: [spender]}\nbudgets:\n  perWorkflow: {tokensPerDay: 100}";
        (await admin.PutAsync("/v1/policies/spender", new StringContent(policy, Encoding.UTF8, "application/yaml"), Cancel)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/v1/policies/spender/versions/1/publish", null, Cancel)).EnsureSuccessStatusCode();

        // A model step asks first (nothing to spend yet), then counts what the model used: 150 tokens, past the 100.
        var before = await ConsumeAsync(workflows, new { workflow = "spender", tokens = 0 });
        var spent = await ConsumeAsync(workflows, new { workflow = "spender", tokens = 150, spent = true });
        var next = await ConsumeAsync(workflows, new { workflow = "spender", tokens = 0 });

        Assert.True(before.Allowed);
        Assert.False(spent.Allowed);
        Assert.Equal("workflow spender, tokens per day", spent.ExceededBudget);
        Assert.Equal(150m, spent.Usage.Single().Used);
        Assert.False(next.Allowed);
        Assert.Equal(150m, (await admin.GetFromJsonAsync<BudgetUsageResponse>("/v1/budgets/usage?workflow=spender", Cancel))!.Usage.Single().Used);
    }

    [Fact]
    public async Task Only_services_consume_and_bad_input_gets_paths()
    {
        using var designer = governance.CreateClient("dora", Roles.Designer);
        using var workflows = governance.CreateClient("workflows", Roles.Service);

        using var forbidden = await designer.PostAsJsonAsync("/v1/budgets/consume", new { workflow = "x", tokens = 1 }, Cancel);
        using var forbiddenRead = await designer.GetAsync("/v1/budgets/usage?workflow=x", Cancel);
        using var noWorkflow = await governance.CreateClient("ada", Roles.Admin).GetAsync("/v1/budgets/usage", Cancel);
        using var invalid = await workflows.PostAsJsonAsync("/v1/budgets/consume", new { tokens = -5 }, Cancel);
        var problem = await invalid.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Cancel);
        using var huge = await workflows.PostAsJsonAsync("/v1/budgets/consume", new { workflow = "x", cost = 1e15m }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbiddenRead.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noWorkflow.StatusCode);
        Assert.Contains("\"workflow\"", await noWorkflow.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["$.tokens", "$.workflow"], problem!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
    }

    private static async Task<BudgetConsumeResponse> ConsumeAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/v1/budgets/consume", request, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<BudgetConsumeResponse>(Cancel))!;
    }
}
