using Integration.Inference.Evaluation;
using Integration.Inference.Registry;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Inference.Datasets;

/// <param name="Share">Of each label of the feedback items not golden yet: 0.05 to 0.5 (0.2 by default).</param>
public sealed record GoldenFreezeRequest(string? Model, double? Share);

public sealed record GoldenVersions(int Current, IReadOnlyList<GoldenVersionSummary> Frozen);

public static class DatasetEndpoints
{
    private const int MaxItems = 1_000;
    private const int MaxText = 20_000;

    public static void MapDatasetEndpoints(this IEndpointRouteBuilder app)
    {
        var datasets = app.MapGroup(DatasetRoutes.Datasets).WithTags("Datasets");
        datasets.MapGet("", async Task<Results<Ok<IReadOnlyList<DatasetSummary>>, ProblemHttpResult>> (string? model, ModelRegistry registry, DatasetStore store) =>
                EvaluationEndpoints.Classifier(registry, model ?? "ticket-classifier") is { } problem ? problem : TypedResults.Ok(await store.SummariesAsync(model ?? "ticket-classifier")))
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
        // The workflow service sends what reviewers approved or corrected; a repeat of an item (the same id) changes nothing.
        // Feedback items come from the workflow service's gates only: a person adds data through a gate's decision, never here.
        datasets.MapPost(DatasetRoutes.FeedbackItemsUnder, AddFeedback).RequireAuthorization(p => p.RequireRole(Roles.Service));
        datasets.MapGet("/golden", async (DatasetStore store) => TypedResults.Ok(new GoldenVersions(await store.GoldenVersionAsync(), await store.GoldenVersionsAsync())))
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
        datasets.MapPost("/golden", FreezeGolden).RequireAuthorization(Roles.Admin);
    }

    /// <summary>An admin freezes a new golden version with a share of each label of a model's reviewed production tickets (5% to 50%).</summary>
    private static async Task<Results<Created<GoldenVersionSummary>, ValidationProblem, ProblemHttpResult>> FreezeGolden(GoldenFreezeRequest request, HttpContext http,
        ModelRegistry registry, DatasetStore store, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            errors["$.model"] = ["Name the model whose feedback to draw from, e.g. ticket-classifier."];
        }

        if (request.Share is < 0.05 or > 0.5)
        {
            errors["$.share"] = ["The share of each label to draw is 0.05 to 0.5."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (EvaluationEndpoints.Classifier(registry, request.Model!) is { } notClassifier)
        {
            return notClassifier;
        }

        if (await store.FeedbackCountAsync(request.Model!) == 0)
        {
            return TypedResults.Problem($"Model '{request.Model}' has no feedback items to draw a golden set from yet.", statusCode: 400);
        }

        return await store.FreezeGoldenAsync(request.Model!, request.Share ?? 0.2, Gateway.RequestReading.Caller(http.User), time.GetUtcNow()) is { } frozen
            ? TypedResults.Created($"/v1/datasets/golden", frozen)
            : TypedResults.Problem("Another golden version was frozen meanwhile; look at it, then try again if you still want one.", statusCode: 409);
    }

    private static async Task<Results<Ok<FeedbackAdded>, ValidationProblem, ProblemHttpResult>> AddFeedback(FeedbackItems request, ModelRegistry registry, DatasetStore store)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            errors["$.model"] = ["Name the model the items teach."];
        }

        if (request.Items is not { Count: > 0 } items)
        {
            errors["$.items"] = ["Send at least one item."];
            return TypedResults.ValidationProblem(errors);
        }

        if (items.Count > MaxItems)
        {
            errors["$.items"] = [$"{items.Count} items; send at most {MaxItems} at a time."];
        }

        for (var i = 0; i < items.Count && errors.Count < 20; i++)
        {
            foreach (var (name, value, limit) in new[] { ("id", items[i].Id, 300), ("text", items[i].Text, MaxText), ("label", items[i].Label, 100) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    errors[$"$.items[{i}].{name}"] = [$"The item has no {name}."];
                }
                else if (value.Length > limit)
                {
                    errors[$"$.items[{i}].{name}"] = [$"{name} is at most {limit} characters."];
                }
            }

            if (items[i].Source?.Length > 200)
            {
                errors[$"$.items[{i}].source"] = ["source is at most 200 characters (where the item came from, e.g. feedback:ticket-61)."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (EvaluationEndpoints.Classifier(registry, request.Model!) is { } notClassifier)
        {
            return notClassifier;
        }

        var added = await store.AddFeedbackAsync(request.Model!,
            [.. items.Select(i => new DatasetItem(i.Id!, i.Text!, i.Label!.Trim(), i.Source is { Length: > 0 and <= 200 } source ? source : DatasetNames.Feedback))]);
        return TypedResults.Ok(new FeedbackAdded(request.Model!, items.Count, added));
    }
}
