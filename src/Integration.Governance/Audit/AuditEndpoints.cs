using System.Text;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Integration.ServiceDefaults.Errors;

namespace Integration.Governance.Audit;

/// <summary>A page of the audit log, newest first; <see cref="Next"/> (a cursor for <c>before</c>) when older entries may match.</summary>

public static partial class AuditEndpoints
{
    /// <summary>GET /v1/audit/verify walks the chain; GET /v1/audit/export streams it as JSON lines. Admins only.</summary>
    public static void MapAuditEndpoints(this WebApplication app)
    {
        var audit = app.MapGroup("/v1/audit").RequireAuthorization(Roles.Admin).WithTags("Audit");
        audit.MapGet("/verify", async Task<Ok<AuditVerification>> (AuditLog log, CancellationToken cancellationToken) =>
            TypedResults.Ok(await log.VerifyAsync(cancellationToken)));
        audit.MapGet("/export", ExportAsync);
        audit.MapGet("/entries", ListAsync);
    }

    /// <summary>At most this many entries are read for one page of a filtered listing; past it the page ends with a cursor.</summary>
    public const int ScanLimit = 10_000;

    /// <summary>
    /// Entries newest first, filtered by actor, action, decision (each exact) and time range, a page at a time
    /// (<c>limit</c>, at most 200) with the cursor for older ones.
    /// </summary>
    private static async Task<Results<Ok<AuditLogPage>, ValidationProblem>> ListAsync(AuditLog log, string? actor, string? action, string? decision,
        DateTimeOffset? from, DateTimeOffset? to, string? before, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > 200)
        {
            errors["limit"] = ["The limit is 1 to 200."];
        }

        QueryRanges.Check(errors, from, to);

        if (before is not null && !StreamId().IsMatch(before))
        {
            errors["before"] = ["The cursor is the 'next' of a previous page (like 1733180000000-0)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var items = new List<AuditEntry>();
        var scanned = 0;
        await foreach (var (id, entry) in log.ReadBackwardsAsync(before, cancellationToken))
        {
            scanned++;
            if (entry is not null && (actor is null || entry.Event.Actor == actor) && (action is null || entry.Event.Action == action)
                && (decision is null || entry.Event.Decision == decision) && (from is null || entry.At >= from) && (to is null || entry.At <= to))
            {
                items.Add(entry);
            }

            // Older than the range: nothing further back can match.
            if (items.Count == (limit ?? 50) || scanned == ScanLimit || (from is not null && entry?.At < from))
            {
                return TypedResults.Ok(new AuditLogPage(items, entry?.At < from ? null : id, scanned));
            }
        }

        return TypedResults.Ok(new AuditLogPage(items, null, scanned));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{1,20}-\d{1,20}$")]
    private static partial System.Text.RegularExpressions.Regex StreamId();

    private static async Task ExportAsync(HttpContext context, AuditLog log, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "application/x-ndjson";
        await foreach (var (id, entry) in log.ReadAsync(cancellationToken))
        {
            // An unreadable entry is exported as such rather than skipped: the export hides nothing.
            var line = entry?.ToJson() ?? $"{{\"unreadableStreamId\":\"{id}\"}}";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);
        }
    }
}
