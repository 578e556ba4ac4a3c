using Integration.Governance.Pii;
using Integration.Governance.Redaction;

namespace Integration.Governance.Policies;

/// <summary>
/// Which published policy governs a workflow: one that names it, else one for every workflow ("*"),
/// the first by name when several qualify. With none in force, placeholders for everything.
/// </summary>
public static class PolicyResolver
{
    public static PolicyVersion? Choose(IReadOnlyList<PolicyVersion> published, string? workflow) =>
        published.Where(p => workflow is not null && p.Document.Workflows.Contains(workflow, StringComparer.Ordinal))
            .OrderBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault()
        ?? published.Where(p => p.Document.Workflows.Contains(PolicyDocument.AllWorkflows))
            .OrderBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The policy decides where it speaks; the caller may choose only where it is silent.</summary>
    public static RedactionOperator OperatorFor(PiiType type, PolicyVersion? policy, IReadOnlyDictionary<PiiType, RedactionOperator>? requested) =>
        policy is not null && policy.Document.PiiOperators.TryGetValue(type, out var enforced)
            ? enforced
            : requested?.GetValueOrDefault(type, RedactionOperator.Replace) ?? RedactionOperator.Replace;
}
