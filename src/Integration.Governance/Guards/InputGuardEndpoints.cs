using System.Security.Claims;
using Integration.Governance.Audit;
using Integration.Governance.Pii;
using Integration.Governance.Policies;
using Integration.Governance.Redaction;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Integration.Governance.Guards;

public static class InputGuardEndpoints
{
    /// <summary>
    /// POST /v1/guard/input (roles service and admin), before any model: redact personal data, classify the input,
    /// check the model may receive that class, and score prompt injection; the policy in force (or the
    /// documented defaults) says what each finding leads to.
    /// </summary>
    public static void MapInputGuardEndpoints(this WebApplication app) =>
        // Admins may try the guard with text of their own (the audit names who asked); services call it before every model step.
        app.MapPost(GovernanceRoutes.InputGuard, GuardAsync).RequireAuthorization(p => p.RequireRole(Roles.Service, Roles.Admin)).WithTags("Guards");

    private static async Task<Results<Ok<InputGuardResponse>, ValidationProblem, ProblemHttpResult>> GuardAsync(
        InputGuardRequest request, PiiDetector detector, PolicyStore policies, AuditLog audit, ClaimsPrincipal caller, IOptions<GovernanceOptions> options)
    {
        var errors = new Dictionary<string, string[]>();
        RequestNames.Check(errors, "$.workflow", request.Workflow, "Give the workflow the step belongs to.");

        if (request.Text is null)
        {
            errors["$.text"] = ["Give the text bound for the model."];
        }

        RequestNames.Check(errors, "$.model", request.Model, "Give the model the text is bound for.");

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (options.Value.RefuseIfTooLong(request.Text!.Length, "The text") is { } tooLong)
        {
            return tooLong;
        }

        var policy = PolicyResolver.Choose(await policies.PublishedAsync(), request.Workflow);
        var response = InputGuard.Evaluate(detector, request, policy, options.Value.PiiHashSalt);
        await audit.AppendAsync(AuditEvents.By(caller, "guard.input",
            $"{response.Decision.WireName()}: {response.DataClass} data for {request.Model}, injection score {response.Injection.Score:0.###}",
            policyVersion: response.Policy,
            findings: response.Counts.ToDictionary(c => c.Key.ToString(), c => c.Value),
            subject: request.Workflow));
        return TypedResults.Ok(response);
    }
}
