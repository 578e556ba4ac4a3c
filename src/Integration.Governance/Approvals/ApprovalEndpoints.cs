using System.Security.Claims;
using System.Text.Json;
using Integration.Governance.Audit;
using Integration.Governance.Policies;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Governance.Approvals;

public static class ApprovalEndpoints
{
    public const string NoPolicyRule = "default: no policy in force";
    public const string NoRulesRule = "default: the policy has no approval section";

    /// <summary>
    /// POST /v1/approvals/decide (roles service and admin): the workflow's approval gate asks whether a human is needed.
    /// With no policy or no approval section in force a reviewer decides: nothing is auto-approved by default.
    /// </summary>
    public static void MapApprovalEndpoints(this WebApplication app) =>
        // Admins may ask what the rules would decide for a case of their own (the audit names who asked).
        app.MapPost(GovernanceRoutes.ApprovalDecide, DecideAsync).RequireAuthorization(p => p.RequireRole(Roles.Service, Roles.Admin)).WithTags("Approvals");

    private static async Task<Results<Ok<ApprovalDecideResponse>, ValidationProblem>> DecideAsync(
        ApprovalDecideRequest request, PolicyStore policies, AuditLog audit, ClaimsPrincipal caller)
    {
        var errors = new Dictionary<string, string[]>();
        RequestNames.Check(errors, "$.workflow", request.Workflow, "Give the workflow whose gate asks.");

        if (request.Context.ValueKind != JsonValueKind.Object)
        {
            errors["$.context"] = ["Give the step's context as an object, e.g. {\"confidence\": 0.93, \"findings\": {\"total\": 0}}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var policy = PolicyResolver.Choose(await policies.PublishedAsync(), request.Workflow);
        var response = Decide(policy, request.Context);
        await audit.AppendAsync(AuditEvents.By(caller, "approval.decide",
            response.Role is null ? response.Decision.WireName() : $"{response.Decision.WireName()} ({response.Role})",
            policyVersion: response.Policy,
            rule: response.Rule,
            subject: request.Workflow));
        return TypedResults.Ok(response);
    }

    public static ApprovalDecideResponse Decide(PolicyVersion? policy, JsonElement context)
    {
        var version = policy?.Label;
        if (policy?.Document.Approval is not { } approval)
        {
            return new ApprovalDecideResponse(ApprovalOutcome.Human, Roles.Reviewer, policy is null ? NoPolicyRule : NoRulesRule, version);
        }

        return approval.Rules.FirstOrDefault(r => r.When.Evaluate(context)) is { } rule
            ? new ApprovalDecideResponse(rule.Decide, rule.Role, rule.Name, version)
            : new ApprovalDecideResponse(approval.Otherwise, approval.OtherwiseRole, "otherwise", version);
    }
}
