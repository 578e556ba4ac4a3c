using System.Security.Claims;
using System.Text.RegularExpressions;
using Integration.Contracts.Governance;
using Integration.Governance.Audit;
using Integration.Governance.Pii;
using Integration.Governance.Policies;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Governance.Redaction;

/// <summary>
/// POST /v1/pii/reveal (services): whether a person may see the value behind a placeholder, by the workflow's policy
/// (<c>pii.reveal</c>: role → kinds). Every ask is audited (<c>pii.reveal</c>, revealed or refused, with the person). The
/// value itself stays with the workflow service.
/// </summary>
public static partial class RevealEndpoints
{
    public static void MapRevealEndpoints(this WebApplication app) =>
        app.MapPost(GovernanceRoutes.PiiReveal, RevealAsync).RequireAuthorization(Roles.Service).WithTags("PII");

    private static async Task<Results<Ok<RevealDecision>, ValidationProblem>> RevealAsync(RevealRequest request, ClaimsPrincipal caller, PolicyStore policies, AuditLog audit)
    {
        var errors = new Dictionary<string, string[]>();
        var stem = request.Placeholder is { } placeholder && PlaceholderPattern().Match(placeholder) is { Success: true } match ? match.Groups[1].Value : null;
        if (stem is null)
        {
            errors["$.placeholder"] = ["Name a placeholder as the text shows it, like <EMAIL_1>."];
        }

        RequestNames.Check(errors, "$.workflow", request.Workflow, "Name the workflow whose policy decides.");
        if (string.IsNullOrWhiteSpace(request.Actor) || request.Actor.Length > 200)
        {
            errors["$.actor"] = ["Name the person who asks (their token's subject, at most 200 characters)."];
        }

        if (request.Subject is { Length: > 300 })
        {
            errors["$.subject"] = ["The subject is at most 300 characters."];
        }

        // Roles of other systems are left out below; a role name is short whatever system it is from.
        if ((request.ActorRoles ?? []).Select((role, i) => (role, i)).FirstOrDefault(r => r.role.Length is 0 or > 100) is { role: not null } badRole)
        {
            errors[$"$.actorRoles[{badRole.i}]"] = ["A role's name is 1 to 100 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var roles = (request.ActorRoles ?? []).Where(Roles.UserRoles.Contains).Distinct().ToList();
        var policy = PolicyResolver.Choose(await policies.PublishedAsync(), request.Workflow);
        var decision = Decide(policy, stem!, roles);
        await audit.AppendAsync(new AuditEvent(request.Actor!, roles, "pii.reveal", decision.Allowed ? "revealed" : "refused", decision.Policy, decision.Rule,
            Subject: $"{request.Subject} {request.Placeholder}".Trim(), ReportedBy: caller.FindFirst("sub")?.Value ?? "unknown"));
        return TypedResults.Ok(decision);
    }

    /// <summary>The kind a placeholder's stem stands for, and whether any of the roles may see it under the policy.</summary>
    public static RevealDecision Decide(PolicyVersion? policy, string stem, IReadOnlyList<string> roles)
    {
        var kind = Enum.GetValues<PiiType>().Where(t => t != PiiType.Custom && t.PlaceholderStem() == stem).Select(t => t.ToString()).FirstOrDefault()
            ?? policy?.Document.Recognizers?.FirstOrDefault(r => r.Name.ToUpperInvariant().Replace('-', '_') == stem)?.Name ?? stem;
        if (policy is null)
        {
            return new RevealDecision(false, kind, "default: no policy in force", null, "No governance policy is in force for this workflow, so nobody may see the personal data behind a placeholder.");
        }

        var role = roles.FirstOrDefault(r => policy.Document.Reveal?.GetValueOrDefault(r) is { } kinds && (kinds.Contains("*") || kinds.Contains(kind)));
        return role is not null
            ? new RevealDecision(true, kind, $"pii.reveal.{role}", policy.Label, $"Policy {policy.Label} lets a {role} see {kind} values.")
            : new RevealDecision(false, kind, "pii.reveal", policy.Label,
                $"Policy {policy.Label} does not let {(roles.Count == 0 ? "you" : string.Join(" or ", roles.Select(r => $"a {r}")))} see {kind} values; an admin can allow it under pii.reveal.");
    }

    [GeneratedRegex(@"^<([A-Z][A-Z_]*)_\d{1,6}>$")]
    private static partial Regex PlaceholderPattern();
}
