using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Approvals;
using Integration.Workflows.Definitions;

namespace Integration.Workflows.Kpis;

public static class KpiEndpoints
{
    /// <summary>GET /v1/kpis/{workflow}?version=N (the published version by default), for designers and admins.</summary>
    public static void MapKpiEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/kpis/{definitionId}", async Task<IResult> (string definitionId, int? version, DefinitionStore definitions, ApprovalStore approvals, KpiRecorder kpis) =>
            {
                var chosen = version ?? (await definitions.PublishedAsync(definitionId))?.Version;
                if (chosen is null)
                {
                    return TypedResults.Problem($"Workflow '{definitionId}' has no published version; name one with ?version=.", statusCode: 404);
                }

                var waiting = (await approvals.PendingAsync()).Count(t => t.DefinitionId == definitionId && t.Version == chosen);
                return TypedResults.Ok(await kpis.ReportAsync(definitionId, chosen.Value, waiting));
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin)).WithTags("KPIs");
}
