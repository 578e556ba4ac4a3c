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
        app.MapGet(WorkflowApiRoutes.Kpis + "/{definitionId}/daily", Daily).RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin)).WithTags("KPIs");
        app.MapGet(WorkflowApiRoutes.Kpis + "/{definitionId}", async Task<IResult> (string definitionId, int? version, DateOnly? from, DateOnly? to, DefinitionStore definitions,
                ApprovalStore approvals, KpiRecorder kpis, TimeProvider time) =>
            {
                // A range when either end is given (as for the daily figures); the version's whole life otherwise.
                (DateOnly First, DateOnly Last)? range = from is null && to is null ? null : Range(from, to, time);
                if (range is { } r && RangeProblems(r) is { Count: > 0 } errors)
                {
                    return TypedResults.ValidationProblem(errors);
                }

                var chosen = version ?? (await definitions.PublishedAsync(definitionId))?.Version;
                if (chosen is null)
                {
                    return TypedResults.Problem($"Workflow '{definitionId}' has no published version; name one with ?version=.", statusCode: 404);
                }

                var waiting = (await approvals.PendingAsync()).Count(t => t.DefinitionId == definitionId && t.Version == chosen);
                var report = await kpis.ReportAsync(definitionId, chosen.Value, waiting, range?.First, range?.Last);
                // The version before, over the same range, is the baseline this one is judged against.
                return TypedResults.Ok(chosen > 1 && await kpis.ReportAsync(definitionId, chosen.Value - 1, 0, range?.First, range?.Last) is { Business.DecidedGates: > 0 } before
                    ? report with { Baseline = new KpiBaseline(chosen.Value - 1, before.Business) }
                    : report);
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin)).WithTags("KPIs");
    }

    private static async Task<IResult> Daily(string definitionId, int? version, DateOnly? from, DateOnly? to, DefinitionStore definitions, KpiRecorder kpis, TimeProvider time)
    {
        var (first, last) = Range(from, to, time);
        if (RangeProblems((first, last)) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var chosen = version ?? (await definitions.PublishedAsync(definitionId))?.Version;
        return chosen is null
            ? TypedResults.Problem($"Workflow '{definitionId}' has no published version; name one with ?version=.", statusCode: 404)
            : TypedResults.Ok(await kpis.DailyAsync(definitionId, chosen.Value, first, last));
    }

    /// <summary>
    /// UTC days from..to; the last 30 days to <paramref name="to"/> (today by default) when <paramref name="from"/> is not given
    /// (from the calendar's first day when that is nearer: <c>to=0001-01-01</c> is a range of one day, not an overflow).
    /// </summary>
    private static (DateOnly First, DateOnly Last) Range(DateOnly? from, DateOnly? to, TimeProvider time)
    {
        var last = to ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return (from ?? DateOnly.FromDayNumber(Math.Max(last.DayNumber - 29, DateOnly.MinValue.DayNumber)), last);
    }

    private static Dictionary<string, string[]> RangeProblems((DateOnly First, DateOnly Last) range)
    {
        var errors = new Dictionary<string, string[]>();
        if (QueryRanges.Check<DateOnly>(errors, range.First, range.Last) && range.Last.DayNumber - range.First.DayNumber + 1 > KpiRecorder.MaxDays)
        {
            errors["from"] = [$"At most {KpiRecorder.MaxDays} days at once."];
        }

        return errors;
    }
}
