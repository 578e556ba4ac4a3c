namespace Integration.Governance.Approvals;

/// <summary>"when this holds, decide that" (with the role that must approve when a human is needed).</summary>
public sealed record ApprovalRule(string Name, RuleExpression When, ApprovalOutcome Decide, string? Role);

/// <summary>Rules in order, the first that holds decides; <see cref="Otherwise"/> when none does.</summary>
public sealed record ApprovalPolicy(IReadOnlyList<ApprovalRule> Rules, ApprovalOutcome Otherwise, string? OtherwiseRole)
{
    public static ApprovalOutcome? ParseOutcome(string? name) => name switch
    {
        "auto-approve" => ApprovalOutcome.AutoApprove,
        "human" => ApprovalOutcome.Human,
        "deny" => ApprovalOutcome.Deny,
        _ => null,
    };
}
