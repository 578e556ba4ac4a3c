namespace Integration.Contracts.Governance;

/// <summary>Where the governance service serves what the workflow service calls (role service).</summary>
public static class GovernanceRoutes
{
    public const string InputGuard = "/v1/guard/input";
    public const string OutputGuard = "/v1/guard/output";
    public const string ApprovalDecide = "/v1/approvals/decide";
    public const string BudgetConsume = "/v1/budgets/consume";

    /// <summary>Decisions other services took on a person's behalf, appended to the audit chain (the inference service's promotions).</summary>
    public const string AuditEvents = "/v1/audit/events";

    /// <summary>Whether a person may see the value behind a placeholder, by the workflow's policy; audited.</summary>
    public const string PiiReveal = "/v1/pii/reveal";
}
