namespace Integration.Contracts.Governance;

/// <summary>
/// A spend against the budgets of the policy in force for a workflow. Not yet spent (<paramref name="Spent"/> false):
/// refused when it would pass a limit, and then nothing is counted. Already spent (a model answered): always counted,
/// and the answer says whether a limit is now passed, so that the next step is refused.
/// </summary>
public sealed record BudgetConsumeRequest(string Workflow, string? Department, long Tokens, decimal Cost, bool Spent = false);

public sealed record BudgetUsageView(string Budget, string Measure, decimal Used, decimal Limit);

/// <param name="ExceededBudget">The budget and measure that said no (or, for a spend, that is now passed).</param>
public sealed record BudgetConsumeResponse(bool Allowed, string? Policy, string? ExceededBudget, DateTimeOffset ResetsAt, IReadOnlyList<BudgetUsageView> Usage);
