using Integration.Inference.Evaluation;
using Integration.Inference.Registry;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Inference.Drift;

public static class DriftEndpoints
{
    public static void MapDriftEndpoints(this IEndpointRouteBuilder app)
    {
        var drift = app.MapGroup("/v1/drift").WithTags("Drift").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
        drift.MapGet("/alerts", async (DriftMonitor monitor) => TypedResults.Ok(await monitor.AlertsAsync(100)));
        drift.MapGet("/{model}", Report);
    }

    /// <summary>A classifier's recent inputs against its reference: <c>?hours=</c> sets the window (1 to 192; the configured window by default).</summary>
    private static async Task<Results<Ok<DriftReport>, ProblemHttpResult, ValidationProblem>> Report(string model, int? hours, ModelRegistry registry, DriftMonitor monitor,
        DriftReports reports, DriftOptions options)
    {
        if (EvaluationEndpoints.Classifier(registry, model) is { } notClassifier)
        {
            return notClassifier;
        }

        if (hours is < 1 or > 192)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["hours"] = ["The window is 1 to 192 hours (drift figures are kept eight days)."] });
        }

        // The configured window is what alerts are raised on: asking for it checks for an alert too.
        return TypedResults.Ok(hours is null ? await monitor.CheckAsync(model) : await reports.ReportAsync(model, TimeSpan.FromHours(hours.Value)));
    }
}
