using Integration.Contracts.Governance;
using System.Security.Claims;
using Integration.Governance.Audit;
using Integration.Governance.Policies;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Governance.Budgets;

/// <param name="Spent">The tokens and cost are already spent (a model answered): counted even past a limit.</param>
public sealed record ConsumeRequest(string? Workflow, string? Department, long? Tokens, decimal? Cost, bool? Spent = null);



public static class BudgetEndpoints
{
    // Far above any real step, and far below what the ledger's whole-number counters can hold.
    private const long MaxTokens = 1_000_000_000_000;
    private const decimal MaxCost = 1_000_000_000;

    /// <summary>
    /// POST /v1/budgets/consume (role service): a step asks before it spends. Denied means the step must not
    /// run; the answer names the budget and when it resets. With no policy in force there is no limit. A spend that has
    /// happened already (<c>spent: true</c>) is always counted; the answer says whether it passed a limit.
    /// </summary>
    public static void MapBudgetEndpoints(this WebApplication app)
    {
        app.MapPost(GovernanceRoutes.BudgetConsume, ConsumeAsync).RequireAuthorization(Roles.Service).WithTags("Budgets");
        // What admins look at: today's use against each limit, read without spending.
        app.MapGet(GovernanceApiRoutes.BudgetUsage, UsageAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Service)).WithTags("Budgets");
    }

    private static async Task<Results<Ok<BudgetUsageResponse>, ValidationProblem>> UsageAsync(string? workflow, string? department, PolicyStore policies, BudgetLedger ledger)
    {
        var errors = new Dictionary<string, string[]>();
        RequestNames.Check(errors, "workflow", workflow, "Give the workflow whose budgets to show (?workflow=…).");
        RequestNames.Check(errors, "department", department);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var policy = PolicyResolver.Choose(await policies.PublishedAsync(), workflow);
        var (usage, resetsAt) = await ledger.UsageAsync(policy?.Document, workflow!, department);
        return TypedResults.Ok(new BudgetUsageResponse(workflow!, department, policy?.Label, resetsAt, usage));
    }

    private static async Task<Results<Ok<BudgetConsumeResponse>, ValidationProblem>> ConsumeAsync(
        ConsumeRequest request, PolicyStore policies, BudgetLedger ledger, AuditLog audit, ClaimsPrincipal caller)
    {
        var errors = new Dictionary<string, string[]>();
        RequestNames.Check(errors, "$.workflow", request.Workflow, "Give the workflow that spends.");
        RequestNames.Check(errors, "$.department", request.Department);

        if (request.Tokens is < 0 or > MaxTokens)
        {
            errors["$.tokens"] = [$"Tokens are 0 to {MaxTokens}."];
        }

        if (request.Cost is < 0 or > MaxCost)
        {
            errors["$.cost"] = [$"Cost is 0 to {MaxCost}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var policy = PolicyResolver.Choose(await policies.PublishedAsync(), request.Workflow);
        var decision = await ledger.ConsumeAsync(policy?.Document, request.Workflow!, request.Department, request.Tokens ?? 0, request.Cost ?? 0, request.Spent ?? false);
        var policyVersion = policy?.Label;
        // Every model step asks: with no budget in force there is nothing to record (and no audit entry per model call).
        if (decision.Usage.Count > 0 || !decision.Allowed)
        {
            await audit.AppendAsync(AuditEvents.By(caller, "budget.consume",
                (request.Spent ?? false) ? (decision.Allowed ? "spent" : $"spent, past: {decision.ExceededBudget}") : decision.Allowed ? "allowed" : $"denied: {decision.ExceededBudget}",
                policyVersion: policyVersion,
                subject: request.Workflow));
        }

        return TypedResults.Ok(new BudgetConsumeResponse(decision.Allowed, policyVersion, decision.ExceededBudget, decision.ResetsAt, decision.Usage));
    }
}
