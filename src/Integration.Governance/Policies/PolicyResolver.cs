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

    /// <summary>
    /// The policy decides where it speaks (a custom recognizer's own operator, then the policy's operator for
    /// the kind); the caller may choose only where it is silent.
    /// </summary>
    public static RedactionOperator OperatorFor(PiiMatch match, PolicyVersion? policy, IReadOnlyDictionary<PiiType, RedactionOperator>? requested)
    {
        if (match.Label is not null && policy?.Document.Recognizers?.FirstOrDefault(r => r.Name == match.Label)?.Operator is { } own)
        {
            return own;
        }

        return policy is not null && policy.Document.PiiOperators.TryGetValue(match.Type, out var enforced)
            ? enforced
            : requested?.GetValueOrDefault(match.Type, RedactionOperator.Replace) ?? RedactionOperator.Replace;
    }
}
