using Integration.Inference.Evaluation;
using Integration.Inference.Registry;
using Integration.Inference.Training;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Inference.Drift;

/// <summary>A window of past traffic to keep as a model's drift reference.</summary>
public sealed record FreezeReferenceRequest(DateTimeOffset? From, DateTimeOffset? To);

public static class DriftEndpoints
{
    public static void MapDriftEndpoints(this IEndpointRouteBuilder app)
    {
        var drift = app.MapGroup("/v1/drift").WithTags("Drift").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
        drift.MapGet("/alerts", async (DriftMonitor monitor) => TypedResults.Ok(await monitor.AlertsAsync(100)));
        drift.MapGet("/{model}", Report);
        drift.MapPut("/{model}/reference", FreezeAsync);
        drift.MapDelete("/{model}/reference", async Task<IResult> (string model, ModelRegistry registry, DriftStore store) =>
            (IResult?)EvaluationEndpoints.Classifier(registry, model) ?? (await store.ThawAsync(model)
                ? TypedResults.NoContent()
                : TypedResults.Problem($"Model '{model}' has no frozen reference: the golden set is its reference already.", statusCode: 404)));
    }

    /// <summary>
    /// Freezes a window of past traffic (whole hours within the eight days kept) as the model's reference: from then on its
    /// recent inputs are compared with that window, not with the golden set, until the reference is deleted.
    /// </summary>
    private static async Task<IResult> FreezeAsync(string model, FreezeReferenceRequest request, ModelRegistry registry, DriftStore store, DriftOptions options,
        ClassifierVersions versions, TimeProvider time, HttpContext context)
    {
        if (EvaluationEndpoints.Classifier(registry, model) is { } notClassifier)
        {
            return notClassifier;
        }

        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow();
        if (request.From is null)
        {
            errors["$.from"] = ["Give the window's start, e.g. \"2026-12-01T00:00:00Z\"."];
        }
        else if (request.From < now - DriftStore.Keep)
        {
            errors["$.from"] = [$"Drift figures are kept {DriftStore.Keep.TotalDays:0} days: start the window after {now - DriftStore.Keep:yyyy-MM-dd HH:mm} UTC."];
        }

        if (request.To is null)
        {
            errors["$.to"] = ["Give the window's end, e.g. \"2026-12-02T00:00:00Z\"."];
        }
        else if (request.To > now)
        {
            errors["$.to"] = ["The window ends in the future: a reference is traffic already seen."];
        }

        if (errors.Count == 0)
        {
            QueryRanges.Check(errors, request.From, request.To, "$.from");
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var features = await store.ReadAsync(model, request.From!.Value, request.To!.Value);
        if (features.Items < options.MinimumItems)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["$.from"] = [$"The window holds {features.Items} inputs of '{model}'; a reference needs at least {options.MinimumItems}: choose a longer or busier one."],
            });
        }

        var about = new FrozenReference(model, request.From.Value, request.To.Value, features.Items, (await versions.ActiveAsync(model))?.Version,
            Gateway.RequestReading.Caller(context.User), now);
        await store.FreezeAsync(model, features, about);
        return TypedResults.Ok(about);
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
