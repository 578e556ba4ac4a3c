using System.Security.Claims;
using System.Text.Json;
using Integration.Governance.Audit;
using Integration.Governance.Pii;
using Integration.Governance.Policies;
using Integration.Governance.Redaction;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Integration.Governance.Guards;

/// <param name="Backend">Where the model runs (an inference backend's name), for allow-list entries "backend:NAME".</param>
public sealed record InputGuardRequest(
    string? Workflow, string? Text, string? Model, IReadOnlyDictionary<PiiType, RedactionOperator>? Operators, string? Backend = null);

public sealed record InjectionResult(double Score, IReadOnlyList<InjectionEvidence> Evidence, double Threshold, InjectionAction Action, bool Triggered);

/// <param name="Decision">allow, require-approval or deny.</param>
/// <param name="Text">What may go to the model: the redacted text; null when denied.</param>
public sealed record InputGuardResponse(
    string Decision, IReadOnlyList<string> Reasons, string DataClass, string? Text, IReadOnlyList<RedactedEntity> Entities,
    IReadOnlyDictionary<string, string> Placeholders, IReadOnlyDictionary<PiiType, int> Counts, InjectionResult Injection, string? Policy);

public static class InputGuardEndpoints
{
    /// <summary>
    /// POST /v1/guard/input (role service), before any model: redact personal data, classify the input,
    /// check the model may receive that class, and score prompt injection; the policy in force (or the
    /// documented defaults) says what each finding leads to.
    /// </summary>
    public static void MapInputGuardEndpoints(this WebApplication app) =>
        app.MapPost("/v1/guard/input", GuardAsync).RequireAuthorization(Roles.Service).WithTags("Guards");

    private static async Task<Results<Ok<InputGuardResponse>, ValidationProblem, ProblemHttpResult>> GuardAsync(
        InputGuardRequest request, PiiDetector detector, PolicyStore policies, AuditLog audit, ClaimsPrincipal caller, IOptions<GovernanceOptions> options)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Workflow))
        {
            errors["$.workflow"] = ["Give the workflow the step belongs to."];
        }

        if (request.Text is null)
        {
            errors["$.text"] = ["Give the text bound for the model."];
        }

        if (string.IsNullOrWhiteSpace(request.Model))
        {
            errors["$.model"] = ["Give the model the text is bound for."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (request.Text!.Length > options.Value.MaxTextLength)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The text is too long.",
                detail: $"The text has {request.Text.Length} characters; the limit is {options.Value.MaxTextLength}.");
        }

        var policy = PolicyResolver.Choose(await policies.PublishedAsync(), request.Workflow);
        var document = policy?.Document;
        var redaction = PolicyRedaction.Apply(detector, request.Text, policy, request.Operators, options.Value.PiiHashSalt);
        var context = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["findings"] = redaction.Counts.ToDictionary(c => c.Key.ToString(), c => c.Value).Append(new("total", redaction.Matches.Count)).ToDictionary(),
            ["length"] = request.Text.Length,
            ["workflow"] = request.Workflow,
            ["model"] = request.Model,
        });

        var classification = document?.Classification ?? GuardDefaults.Classification;
        var dataClass = classification.Rules.Where(r => r.When.Evaluate(context)).Select(r => (DataClass?)r.Class).FirstOrDefault() ?? classification.Otherwise;
        var allowedModels = (document?.Models ?? GuardDefaults.Models)[dataClass];
        var injectionPolicy = document?.Injection ?? GuardDefaults.Injection;
        var assessment = InjectionDetector.Assess(request.Text);
        var injection = new InjectionResult(assessment.Score, assessment.Evidence, injectionPolicy.Threshold, injectionPolicy.Action, assessment.Score >= injectionPolicy.Threshold);

        var reasons = new List<string>();
        var decision = "allow";
        if (!GuardDefaults.ModelAllowed(allowedModels, request.Model!, request.Backend))
        {
            decision = "deny";
            reasons.Add($"model '{request.Model}'{(request.Backend is null ? "" : $" on backend '{request.Backend}'")} may not receive {GuardDefaults.Name(dataClass)} data; allowed: {(allowedModels.Count == 0 ? "none" : string.Join(", ", allowedModels))}");
        }

        if (injection.Triggered)
        {
            reasons.Add($"prompt injection scored {injection.Score:0.###} (threshold {injection.Threshold:0.###}): {string.Join(", ", assessment.Evidence.Select(e => e.Signal).Distinct())}");
            decision = (decision, injection.Action) switch
            {
                ("deny", _) or (_, InjectionAction.Deny) => "deny",
                (_, InjectionAction.RequireApproval) => "require-approval",
                _ => decision,
            };
        }

        var version = policy is null ? null : $"{policy.Name}@{policy.Version}";
        await audit.AppendAsync(AuditEvents.By(caller, "guard.input",
            $"{decision}: {GuardDefaults.Name(dataClass)} data for {request.Model}, injection score {injection.Score:0.###}",
            policyVersion: version,
            findings: redaction.Counts.ToDictionary(c => c.Key.ToString(), c => c.Value),
            subject: request.Workflow));

        var denied = decision == "deny";
        return TypedResults.Ok(new InputGuardResponse(
            decision, reasons, GuardDefaults.Name(dataClass), denied ? null : redaction.Result.Text, redaction.Result.Entities,
            denied ? new Dictionary<string, string>() : redaction.Result.Placeholders, redaction.Counts, injection, version));
    }
}
