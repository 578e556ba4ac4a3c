using System.Security.Claims;
using System.Text.RegularExpressions;
using Integration.Contracts.Governance;
using Integration.Governance.Pii;
using Integration.Governance.Redaction;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Integration.Governance.Audit;

/// <summary>
/// POST /v1/audit/events: another service reports a decision it took on a person's behalf (the inference service's model
/// promotions), so that the audit chain holds every governed decision in one place. Services only; once per
/// <c>Idempotency-Key</c>; personal data in the reason is redacted before it is written.
/// </summary>
public static partial class AuditReportEndpoints
{
    public const int MaxReason = 1000;
    public const int MaxSubject = 300;
    public const int MaxKey = 200;

    public static void MapAuditReportEndpoints(this WebApplication app) =>
        app.MapPost(GovernanceRoutes.AuditEvents, ReportAsync).RequireAuthorization(Roles.Service).WithTags("Audit");

    private static async Task<Results<Created<AuditReportReceipt>, Ok<AuditReportReceipt>, ValidationProblem>> ReportAsync(
        AuditReport report, HttpContext http, ClaimsPrincipal caller, AuditLog audit, PiiDetector detector, IOptions<GovernanceOptions> options)
    {
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var errors = Check(report, key);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        string? reason = null;
        Dictionary<string, int>? findings = null;
        if (!string.IsNullOrWhiteSpace(report.Reason))
        {
            // An admin's reason is free text: a customer's name or address in it stays out of the chain, which cannot be edited.
            var (result, _, counts) = PolicyRedaction.Apply(detector, report.Reason, policy: null, requested: null, options.Value.PiiHashSalt);
            reason = result.Text;
            findings = counts.Count == 0 ? null : counts.ToDictionary(c => c.Key.ToString(), c => c.Value);
        }

        var auditEvent = new AuditEvent(report.Actor!, report.ActorRoles ?? [], report.Action!, report.Decision!, Findings: findings, Subject: report.Subject,
            Reason: reason, ReportedBy: caller.FindFirst("sub")?.Value ?? "unknown");
        var (entry, sequence, hash) = await audit.AppendOnceAsync(auditEvent, $"{auditEvent.ReportedBy}:{key}");
        return entry is null
            ? TypedResults.Ok(new AuditReportReceipt(sequence, hash, Duplicate: true))
            : TypedResults.Created($"/v1/audit/entries?before={sequence}", new AuditReportReceipt(sequence, hash, Duplicate: false));
    }

    private static Dictionary<string, string[]> Check(AuditReport report, string key)
    {
        var errors = new Dictionary<string, string[]>();
        if (key.Length is 0 or > MaxKey)
        {
            errors["Idempotency-Key"] = [$"Send an Idempotency-Key header (1 to {MaxKey} characters) that names this report, so a retry is not written twice."];
        }

        if (string.IsNullOrWhiteSpace(report.Actor) || report.Actor.Length > 200)
        {
            errors["$.actor"] = ["Name the person who asked (their token's subject, at most 200 characters)."];
        }

        if (report.ActorRoles?.FirstOrDefault(r => !Roles.UserRoles.Contains(r)) is { } role)
        {
            errors["$.actorRoles"] = [$"'{role}' is not a role a person holds; the roles are {string.Join(", ", Roles.UserRoles)}."];
        }

        if (report.Action is not { Length: <= 64 } || !DottedName().IsMatch(report.Action))
        {
            errors["$.action"] = ["The action is dotted lowercase words, like model.promote (at most 64 characters)."];
        }

        if (report.Decision is not { Length: <= 64 } || !DottedName().IsMatch(report.Decision))
        {
            errors["$.decision"] = ["The decision is lowercase words, like promoted or refused (at most 64 characters)."];
        }

        if (report.Subject is { Length: > MaxSubject })
        {
            errors["$.subject"] = [$"The subject is at most {MaxSubject} characters."];
        }

        if (report.Reason is { Length: > MaxReason })
        {
            errors["$.reason"] = [$"The reason is at most {MaxReason} characters."];
        }

        return errors;
    }

    [GeneratedRegex(@"^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$")]
    private static partial Regex DottedName();
}
