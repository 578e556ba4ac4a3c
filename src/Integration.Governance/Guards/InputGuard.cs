using System.Text.Json;
using Integration.Governance.Pii;
using Integration.Governance.Policies;
using Integration.Governance.Redaction;

namespace Integration.Governance.Guards;

/// <summary>
/// The input guard's decision for a validated request under a policy (or the defaults): redact, classify,
/// check the model may receive the class, score injection. Pure: no I/O, so it is measured in process.
/// </summary>
public static class InputGuard
{
    public static InputGuardResponse Evaluate(PiiDetector detector, InputGuardRequest request, PolicyVersion? policy, string hashSalt)
    {
        var text = request.Text ?? throw new ArgumentException("The request has no text; validate it first.", nameof(request));
        var document = policy?.Document;
        var redaction = PolicyRedaction.Apply(detector, text, policy, request.Operators, hashSalt);
        var context = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["findings"] = redaction.Counts.ToDictionary(c => c.Key.ToString(), c => c.Value).Append(new("total", redaction.Matches.Count)).ToDictionary(),
            ["length"] = text.Length,
            ["workflow"] = request.Workflow,
            ["model"] = request.Model,
        });

        var classification = document?.Classification ?? GuardDefaults.Classification;
        var dataClass = classification.Rules.Where(r => r.When.Evaluate(context)).Select(r => (DataClass?)r.Class).FirstOrDefault() ?? classification.Otherwise;
        var allowedModels = (document?.Models ?? GuardDefaults.Models)[dataClass];
        var injectionPolicy = document?.Injection ?? GuardDefaults.Injection;
        var assessment = InjectionDetector.Assess(text);
        var injection = new InjectionResult(assessment.Score, assessment.Evidence, injectionPolicy.Threshold, injectionPolicy.Action, assessment.Score >= injectionPolicy.Threshold);

        var reasons = new List<string>();
        var decision = GuardDecision.Allow;
        if (!GuardDefaults.ModelAllowed(allowedModels, request.Model!, request.Backend))
        {
            decision = GuardDecision.Deny;
            reasons.Add($"model '{request.Model}'{(request.Backend is null ? "" : $" on backend '{request.Backend}'")} may not receive {GuardDefaults.Name(dataClass)} data; allowed: {(allowedModels.Count == 0 ? "none" : string.Join(", ", allowedModels))}");
        }

        if (injection.Triggered)
        {
            reasons.Add($"prompt injection scored {injection.Score:0.###} (threshold {injection.Threshold:0.###}): {string.Join(", ", assessment.Evidence.Select(e => e.Signal).Distinct())}");
            decision = (decision, injection.Action) switch
            {
                (GuardDecision.Deny, _) or (_, InjectionAction.Deny) => GuardDecision.Deny,
                (_, InjectionAction.RequireApproval) => GuardDecision.RequireApproval,
                _ => decision,
            };
        }

        var version = policy?.Label;
        var denied = decision == GuardDecision.Deny;
        return new InputGuardResponse(
            decision, reasons, GuardDefaults.Name(dataClass), denied ? null : redaction.Result.Text, redaction.Result.Entities,
            denied ? new Dictionary<string, string>() : redaction.Result.Placeholders, redaction.Counts, injection, version);
    }
}
