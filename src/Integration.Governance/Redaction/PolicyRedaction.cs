using Integration.Governance.Pii;
using Integration.Governance.Policies;

namespace Integration.Governance.Redaction;

public sealed record PolicyRedactionResult(RedactionResult Result, IReadOnlyList<PiiMatch> Matches, IReadOnlyDictionary<PiiType, int> Counts);

/// <summary>Detect and redact under the policy in force: its operators where it speaks, the caller's elsewhere.</summary>
public static class PolicyRedaction
{
    public static PolicyRedactionResult Apply(
        PiiDetector detector, string text, PolicyVersion? policy, IReadOnlyDictionary<PiiType, RedactionOperator>? requested, string hashSalt)
    {
        var matches = detector.Detect(text, policy?.Document.Recognizers);
        var result = Redactor.Redact(text, matches, match => PolicyResolver.OperatorFor(match, policy, requested), hashSalt);
        return new PolicyRedactionResult(result, matches, matches.GroupBy(m => m.Type).ToDictionary(g => g.Key, g => g.Count()));
    }
}
