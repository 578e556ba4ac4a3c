using System.Text;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Governance.Audit;

public static class AuditEndpoints
{
    /// <summary>GET /v1/audit/verify walks the chain; GET /v1/audit/export streams it as JSON lines. Admins only.</summary>
    public static void MapAuditEndpoints(this WebApplication app)
    {
        var audit = app.MapGroup("/v1/audit").RequireAuthorization(Roles.Admin).WithTags("Audit");
        audit.MapGet("/verify", async Task<Ok<AuditVerification>> (AuditLog log, CancellationToken cancellationToken) =>
            TypedResults.Ok(await log.VerifyAsync(cancellationToken)));
        audit.MapGet("/export", ExportAsync);
    }

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
