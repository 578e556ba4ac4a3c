using System.Security.Claims;
using System.Text.Json;
using Integration.Governance.Audit;
using Integration.Governance.Policies;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Governance.Approvals;

public sealed record DecideRequest(string? Workflow, JsonElement Context);

/// <param name="Decision">auto-approve, human or deny.</param>
/// <param name="Role">Who must approve, when a human must.</param>
/// <param name="Rule">The rule that decided, or the default that did.</param>
public sealed record DecideResponse(string Decision, string? Role, string Rule, string? Policy);

public static class ApprovalEndpoints
{
    public const string NoPolicyRule = "default: no policy in force";
    public const string NoRulesRule = "default: the policy has no approval section";

    /// <summary>
    /// POST /v1/approvals/decide (role service): the workflow's approval gate asks whether a human is needed.
    /// With no policy or no approval section in force a reviewer decides: nothing is auto-approved by default.
    /// </summary>
    public static void MapApprovalEndpoints(this WebApplication app) =>
        app.MapPost("/v1/approvals/decide", DecideAsync).RequireAuthorization(Roles.Service).WithTags("Approvals");

    private static async Task<Results<Ok<DecideResponse>, ValidationProblem>> DecideAsync(
        DecideRequest request, PolicyStore policies, AuditLog audit, ClaimsPrincipal caller)
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
            response.Role is null ? response.Decision : $"{response.Decision} ({response.Role})",
            policyVersion: response.Policy,
            rule: response.Rule,
            subject: request.Workflow));
        return TypedResults.Ok(response);
    }

    public static DecideResponse Decide(PolicyVersion? policy, JsonElement context)
    {
        var version = policy?.Label;
        if (policy?.Document.Approval is not { } approval)
        {
            return new DecideResponse(ApprovalPolicy.OutcomeName(ApprovalOutcome.Human), Roles.Reviewer, policy is null ? NoPolicyRule : NoRulesRule, version);
        }

        return approval.Rules.FirstOrDefault(r => r.When.Evaluate(context)) is { } rule
            ? new DecideResponse(ApprovalPolicy.OutcomeName(rule.Decide), rule.Role, rule.Name, version)
            : new DecideResponse(ApprovalPolicy.OutcomeName(approval.Otherwise), approval.OtherwiseRole, "otherwise", version);
    }
}
