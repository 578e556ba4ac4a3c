using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Approvals;
using Integration.Workflows.Definitions;
using Integration.ServiceDefaults.Errors;

namespace Integration.Workflows.Kpis;

public static class KpiEndpoints
{
    /// <summary>
    /// GET /v1/kpis/{workflow}?version=N (the published version by default), for designers and admins; and
    /// GET /v1/kpis/{workflow}/daily?version=N&amp;from=2026-11-01&amp;to=2026-11-30 (UTC days; the last 30 by default).
    /// </summary>
    public static void MapKpiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/kpis/{definitionId}/daily", Daily).RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin)).WithTags("KPIs");
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

    private static async Task<IResult> Daily(string definitionId, int? version, DateOnly? from, DateOnly? to, DefinitionStore definitions, KpiRecorder kpis, TimeProvider time)
    {
        var last = to ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = from ?? last.AddDays(-29);
        var errors = new Dictionary<string, string[]>();
        if (QueryRanges.Check<DateOnly>(errors, first, last) && last.DayNumber - first.DayNumber + 1 > KpiRecorder.MaxDays)
        {
            errors["from"] = [$"At most {KpiRecorder.MaxDays} days at once."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var chosen = version ?? (await definitions.PublishedAsync(definitionId))?.Version;
        return chosen is null
            ? TypedResults.Problem($"Workflow '{definitionId}' has no published version; name one with ?version=.", statusCode: 404)
            : TypedResults.Ok(await kpis.DailyAsync(definitionId, chosen.Value, first, last));
    }
}
