using Integration.Governance.Approvals;
using Integration.Governance.Guards;
using Integration.Governance.Pii;
using Integration.Governance.Redaction;

namespace Integration.Governance.Policies;

/// <summary>
/// What a published policy decides. Sections arrive as the guards that read them are built;
/// an unknown key is an error, so a misspelt section never silently does nothing.
/// </summary>
public sealed record PolicyDocument(
    string? Description,
    IReadOnlyList<string> Workflows,
    IReadOnlyDictionary<PiiType, RedactionOperator> PiiOperators,
    BudgetLimits? PerWorkflowBudget = null,
    IReadOnlyDictionary<string, BudgetLimits>? DepartmentBudgets = null,
    ApprovalPolicy? Approval = null,
    ClassificationPolicy? Classification = null,
    IReadOnlyDictionary<DataClass, IReadOnlyList<string>>? Models = null,
    InjectionPolicy? Injection = null,
    OutputPolicy? Output = null,
    IReadOnlyList<CustomRecognizer>? Recognizers = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Reveal = null)
{
    public const string AllWorkflows = "*";

    public bool AppliesTo(string? workflow) =>
        Workflows.Contains(AllWorkflows) || (workflow is not null && Workflows.Contains(workflow, StringComparer.Ordinal));
}

/// <summary>A daily allowance; null means no limit on that measure. Cost is in the currency the models are priced in.</summary>
public sealed record BudgetLimits(long? TokensPerDay, decimal? CostPerDay);
