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
                var report = await kpis.ReportAsync(definitionId, chosen.Value, waiting);
                // The version before is the baseline this one is judged against.
                return TypedResults.Ok(chosen > 1 && await kpis.ReportAsync(definitionId, chosen.Value - 1, 0) is { Business.DecidedGates: > 0 } before
                    ? report with { Baseline = new KpiBaseline(chosen.Value - 1, before.Business) }
                    : report);
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin)).WithTags("KPIs");
}
