using System.Security.Claims;
using Integration.Governance.Audit;
using Integration.Governance.Pii;
using Integration.Governance.Policies;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Integration.Governance.Redaction;

/// <param name="Workflow">Chooses the published policy; its operators win over the request's own.</param>
public sealed record RedactRequest(string? Text, IReadOnlyDictionary<PiiType, RedactionOperator>? Operators, string? Workflow = null);

public sealed record RedactResponse(
    string Text, IReadOnlyList<RedactedEntity> Entities, IReadOnlyDictionary<string, string> Placeholders, IReadOnlyDictionary<PiiType, int> Counts,
    string? Policy);

public static class RedactionEndpoints
{
    /// <summary>
    /// POST /v1/pii/redact: finds personal data and replaces it (placeholders by default). The placeholder
    /// mapping is returned to the calling service only; the service never logs or stores the text.
    /// </summary>
    public static void MapRedactionEndpoints(this WebApplication app) =>
        app.MapPost("/v1/pii/redact", Redact)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Service, Roles.Admin))
            .WithTags("PII");

    private static async Task<Results<Ok<RedactResponse>, ValidationProblem, ProblemHttpResult>> Redact(
        RedactRequest request, PiiDetector detector, PolicyStore policies, AuditLog audit, ClaimsPrincipal caller, IOptions<GovernanceOptions> options)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Text is null)
        {
            errors["$.text"] = ["Give the text to redact."];
        }

        RequestNames.Check(errors, "$.workflow", request.Workflow);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (options.Value.RefuseIfTooLong(request.Text!.Length, "The text") is { } tooLong)
        {
            return tooLong;
        }

        var policy = PolicyResolver.Choose(await policies.PublishedAsync(), request.Workflow);
        var (result, _, counts) = PolicyRedaction.Apply(detector, request.Text, policy, request.Operators, options.Value.PiiHashSalt);
        var policyVersion = policy?.Label;
        await audit.AppendAsync(AuditEvents.By(caller, action: "pii.redact",
            decision: counts.Count == 0 ? "nothing-found" : "redacted",
            policyVersion: policyVersion,
            subject: request.Workflow,
            findings: counts.ToDictionary(c => c.Key.ToString(), c => c.Value)));
        return TypedResults.Ok(new RedactResponse(result.Text, result.Entities, result.Placeholders, counts, policyVersion));
    }
}
