using System.Security.Claims;
using System.Text.RegularExpressions;
using Integration.Governance.Audit;
using Integration.Governance.Pii;
using Integration.Governance.Redaction;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Integration.Governance.Policies;

/// <summary>
/// /v1/policies: admins save versions (YAML or JSON), publish one, compare two and roll back; services
/// and admins read them. A policy that does not validate is never stored, so it can never be published.
/// </summary>
public static partial class PolicyEndpoints
{
    public const int MaxSourceLength = 64 * 1024;

    public static void MapPolicyEndpoints(this WebApplication app)
    {
        var policies = app.MapGroup(GovernanceApiRoutes.Policies).WithTags("Policies");
        var readers = new[] { Roles.Admin, Roles.Service };
        policies.MapGet("/", async (PolicyStore store) => TypedResults.Ok(await store.ListAsync())).RequireAuthorization(p => p.RequireRole(readers));
        policies.MapGet("/{name}", History).RequireAuthorization(p => p.RequireRole(readers));
        policies.MapGet("/{name}/versions/{version:int}", Version).RequireAuthorization(p => p.RequireRole(readers));
        policies.MapGet("/{name}/diff", Diff).RequireAuthorization(Roles.Admin);
        policies.MapPut("/{name}", SaveAsync).RequireAuthorization(Roles.Admin);
        policies.MapPost("/{name}/versions/{version:int}/publish", Publish).RequireAuthorization(Roles.Admin);
        policies.MapPost("/{name}/rollback", Rollback).RequireAuthorization(Roles.Admin);
    }

    private static async Task<Results<Created<PolicyVersionView>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        string name, HttpRequest request, PolicyStore store, AuditLog audit, ClaimsPrincipal admin)
    {
        if (InvalidName(name) is { } nameError)
        {
            return nameError;
        }

        var source = await new StreamReader(request.Body).ReadToEndAsync(request.HttpContext.RequestAborted);
        if (source.Length > MaxSourceLength)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The policy is too long.",
                detail: $"The policy has {source.Length} characters; the limit is {MaxSourceLength}.");
        }

        var (document, errors) = PolicyParser.Parse(source);
        if (document is null)
        {
            return TypedResults.ValidationProblem(errors, title: $"Policy '{name}' is invalid; nothing was saved.");
        }

        var saved = await store.SaveDraftAsync(name, source, document, Subject(admin));
        await AuditAsync(audit, admin, "policy.save", "draft", saved);
        return TypedResults.Created($"/v1/policies/{name}/versions/{saved.Version}", View(saved, await store.PublishedVersionAsync(name)));
    }

    private static async Task<Results<Ok<PolicyHistory>, NotFound<ProblemDetails>>> History(string name, PolicyStore store)
    {
        var versions = await store.VersionsAsync(name);
        if (versions.Count == 0)
        {
            return NotFoundProblem($"There is no policy '{name}'.");
        }

        var published = await store.PublishedVersionAsync(name);
        return TypedResults.Ok(new PolicyHistory(name, published, [.. versions.Select(v => View(v, published))]));
    }

    private static async Task<Results<Ok<PolicyVersionView>, NotFound<ProblemDetails>>> Version(string name, int version, PolicyStore store) =>
        await store.GetAsync(name, version) is { } found
            ? TypedResults.Ok(View(found, await store.PublishedVersionAsync(name)))
            : NotFoundProblem($"Policy '{name}' has no version {version}.");

    private static async Task<Results<Ok<PolicyDiff>, NotFound<ProblemDetails>>> Diff(string name, int from, int to, PolicyStore store)
    {
        var older = await store.GetAsync(name, from);
        var newer = await store.GetAsync(name, to);
        return older is null || newer is null
            ? NotFoundProblem($"Policy '{name}' has no version {(older is null ? from : to)}.")
            : TypedResults.Ok(new PolicyDiff(name, from, to, LineDiff.Compute(older.Source, newer.Source)));
    }

    private static async Task<Results<Ok<PolicyVersionView>, NotFound<ProblemDetails>>> Publish(
        string name, int version, PolicyStore store, AuditLog audit, ClaimsPrincipal admin)
    {
        if (await store.GetAsync(name, version) is not { } found)
        {
            return NotFoundProblem($"Policy '{name}' has no version {version}.");
        }

        var published = await store.PublishAsync(found, Subject(admin));
        await AuditAsync(audit, admin, "policy.publish", "published", published);
        return TypedResults.Ok(View(published, published.Version));
    }

    /// <summary>Saves the earlier version's source again as a new version and publishes it: history only grows.</summary>
    private static async Task<Results<Ok<PolicyVersionView>, NotFound<ProblemDetails>, ValidationProblem>> Rollback(
        string name, RollbackRequest request, PolicyStore store, AuditLog audit, ClaimsPrincipal admin)
    {
        if (request.Version is not int target)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$.version"] = ["Give the version to roll back to."] });
        }

        if (await store.GetAsync(name, target) is not { } earlier)
        {
            return NotFoundProblem($"Policy '{name}' has no version {target}.");
        }

        var copy = await store.SaveDraftAsync(name, earlier.Source, earlier.Document, Subject(admin), rollbackOf: target);
        var published = await store.PublishAsync(copy, Subject(admin));
        await AuditAsync(audit, admin, "policy.rollback", $"published, same as version {target}", published);
        return TypedResults.Ok(View(published, published.Version));
    }

    private static PolicyVersionView View(PolicyVersion v, int? published) => new(
        v.Name, v.Version, PolicyStore.StatusOf(v, published), v.Document.Description, v.Document.Workflows, v.Document.PiiOperators,
        v.CreatedBy, v.CreatedAt, v.PublishedBy, v.PublishedAt, v.RollbackOf, v.Source);

    private static Task AuditAsync(AuditLog audit, ClaimsPrincipal admin, string action, string decision, PolicyVersion version) =>
        audit.AppendAsync(AuditEvents.By(admin, action, decision, policyVersion: version.Label));

    private static string Subject(ClaimsPrincipal user) => user.FindFirstValue("sub") ?? "unknown";

    private static ValidationProblem? InvalidName(string name) =>
        PolicyName().IsMatch(name) ? null
        : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["A policy name is 1-64 lowercase letters, digits and hyphens, starting with a letter or digit."] });

    private static NotFound<ProblemDetails> NotFoundProblem(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = detail });

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex PolicyName();
}
