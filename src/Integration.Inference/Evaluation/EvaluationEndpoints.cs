using Integration.Inference.Datasets;
using Integration.Inference.Gateway;
using Integration.Inference.Registry;
using Integration.Inference.Training;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Inference.Evaluation;

/// <param name="Version">The version to measure; the promoted one when absent.</param>
/// <param name="Dataset">golden (the default), shipped or feedback.</param>
public sealed record EvaluationRequest(string? Model, int? Version, string? Dataset);

public sealed record ComparisonRequest(string? Model, int? A, int? B, string? Dataset);

public static class EvaluationEndpoints
{
    public static void MapEvaluationEndpoints(this IEndpointRouteBuilder app)
    {
        var evaluations = app.MapGroup("/v1/evaluations").WithTags("Evaluation").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
        evaluations.MapPost("", Run);
        evaluations.MapPost("/compare", Compare);
        evaluations.MapPost("/backends", RunOnBackend);
        evaluations.MapPost("/extractors", RunOnExtractor);
        evaluations.MapPost("/drafters", RunOnDrafter);
        evaluations.MapGet("/backends/{model}", async Task<Results<Ok<IReadOnlyList<BackendEvaluationReport>>, ProblemHttpResult>> (string model, ModelRegistry registry, BackendEvaluationStore store) =>
            registry.Find(model) is null ? TypedResults.Problem($"Model '{model}' is not in the registry.", statusCode: 404) : TypedResults.Ok(await store.ListAsync(model)));
        evaluations.MapGet("/{model}", async Task<Results<Ok<IReadOnlyList<EvaluationReport>>, ProblemHttpResult>> (string model, ModelRegistry registry, EvaluationStore store) =>
            Classifier(registry, model) is { } problem ? problem : TypedResults.Ok(await store.ListAsync(model)));
        evaluations.MapGet("/{model}/{id}", async Task<Results<Ok<EvaluationReport>, ProblemHttpResult>> (string model, string id, EvaluationStore store) =>
            await store.FindAsync(model, id) is { } report ? TypedResults.Ok(report) : TypedResults.Problem($"Model '{model}' has no evaluation '{id}'.", statusCode: 404));
    }

    private static async Task<Results<Created<EvaluationReport>, ProblemHttpResult, ValidationProblem>> Run(
        EvaluationRequest request, HttpContext http, ModelRegistry registry, ClassifierVersions versions, Evaluator evaluator)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$.model"] = ["Name the model to evaluate, e.g. ticket-classifier."] });
        }

        if (Classifier(registry, request.Model) is { } notClassifier)
        {
            return notClassifier;
        }

        var version = request.Version ?? await versions.PromotedAsync(request.Model);
        if (version is null)
        {
            return TypedResults.Problem($"Model '{request.Model}' has no promoted version; name one.", statusCode: 404);
        }

        return await Answer(async () =>
        {
            var report = await evaluator.RunAsync(request.Model, version.Value, request.Dataset ?? DatasetNames.Golden, RequestReading.Caller(http.User));
            return TypedResults.Created($"/v1/evaluations/{report.Model}/{report.Id}", report);
        });
    }

    /// <summary>Any chat model (an LLM behind Ollama or an OpenAI-compatible API) measured as a classifier, against the serving embedded one.</summary>
    private static async Task<Results<Created<BackendEvaluationReport>, ProblemHttpResult, ValidationProblem>> RunOnBackend(
        BackendEvaluationRequest request, HttpContext http, ModelRegistry registry, BackendEvaluator evaluator)
    {
        if (ModelAndLimit(request.Model, request.Limit, "llm-chat") is { } invalid)
        {
            return invalid;
        }

        var labelsOf = request.LabelsOf ?? "ticket-classifier";
        if (registry.Find(request.Model) is not { } model)
        {
            return TypedResults.Problem($"Model '{request.Model}' is not in the registry.", statusCode: 404);
        }

        var refusal = model switch
        {
            { IsSplit: true } => SplitRefused(model),
            { Task: ModelTask.Embed } => $"Model '{model.Name}' gives embeddings, not answers to read a label from.",
            { Task: ModelTask.Classify, Backend: "embedded" } => $"Model '{model.Name}' is an embedded classifier: measure its versions with POST /v1/evaluations.",
            _ => null,
        };
        if (refusal is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$.model"] = [refusal] });
        }

        if (Classifier(registry, labelsOf) is { } notClassifier)
        {
            return notClassifier;
        }

        return await Answer(async () =>
        {
            var report = await evaluator.RunAsync(model, registry.Find(labelsOf)!, request.Dataset ?? DatasetNames.Golden, request.Limit, RequestReading.Caller(http.User),
                http.RequestAborted);
            return TypedResults.Created($"/v1/evaluations/backends/{report.Model}", report);
        });
    }

    /// <summary>An extraction model field by field on the shipped hand-labelled messages.</summary>
    private static async Task<Results<Ok<ExtractorEvaluationReport>, ProblemHttpResult, ValidationProblem>> RunOnExtractor(
        ExtractorEvaluationRequest request, HttpContext http, ModelRegistry registry, ExtractorEvaluator evaluator)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$.model"] = ["Name the extraction model to measure, e.g. ticket-extractor."] });
        }

        if (registry.Find(request.Model) is not { } model)
        {
            return TypedResults.Problem($"Model '{request.Model}' is not in the registry.", statusCode: 404);
        }

        if (model.IsSplit || model.Task is not (ModelTask.Extract or ModelTask.Chat))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["$.model"] = [model.IsSplit ? SplitRefused(model) : $"Model '{model.Name}' is {Kind(model.Task)}; name an extraction (or chat) model."],
            });
        }

        return await Answer(async () => TypedResults.Ok(await evaluator.RunAsync(model, RequestReading.Caller(http.User), http.RequestAborted)));
    }

    /// <summary>A grounded drafter on labelled tickets: does its reply lean on an article about the ticket's kind of problem.</summary>
    private static async Task<Results<Ok<DrafterEvaluationReport>, ProblemHttpResult, ValidationProblem>> RunOnDrafter(
        DrafterEvaluationRequest request, HttpContext http, ModelRegistry registry, DrafterEvaluator evaluator)
    {
        if (ModelAndLimit(request.Model, request.Limit, "reply-drafter-concise") is { } invalid)
        {
            return invalid;
        }

        if (registry.Find(request.Model!) is not { } model)
        {
            return TypedResults.Problem($"Model '{request.Model}' is not in the registry.", statusCode: 404);
        }

        if (model.IsSplit || model.Task is not ModelTask.Draft)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["$.model"] = [model.IsSplit
                    ? SplitRefused(model)
                    : $"Model '{model.Name}' is {Kind(model.Task)}; name a drafter (its replies cite the knowledge base, which is what is measured)."],
            });
        }

        var labelsOf = request.LabelsOf ?? "ticket-classifier";
        if (Classifier(registry, labelsOf) is { } notClassifier)
        {
            return notClassifier;
        }

        return await Answer(async () => TypedResults.Ok(await evaluator.RunAsync(model, labelsOf, request.Dataset ?? DatasetNames.Golden, request.Limit,
            RequestReading.Caller(http.User), http.RequestAborted)));
    }

    /// <summary>A model to measure named, and at most as many items as a run takes; the example names a model that fits.</summary>
    private static ValidationProblem? ModelAndLimit(string? model, int? limit, string example)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(model))
        {
            errors["$.model"] = [$"Name the model to measure, e.g. {example}."];
        }

        if (limit is < 1 or > BackendEvaluator.MostItems)
        {
            errors["$.limit"] = [$"The limit is 1 to {BackendEvaluator.MostItems} items."];
        }

        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }

    /// <summary>An alias splits traffic between arms, each a model of its own: an evaluation measures one of them.</summary>
    private static string SplitRefused(ModelDefinition model) =>
        $"Model '{model.Name}' is an A/B split; measure each of its arms by name ({string.Join(", ", model.Split.Select(s => s.Model))}).";

    private static string Kind(ModelTask task) => task switch
    {
        ModelTask.Classify => "a classifier",
        ModelTask.Embed => "an embedding model",
        ModelTask.Summarize => "a summarizer",
        ModelTask.Draft => "a drafter",
        _ => $"a {task.ToString().ToLowerInvariant()} model",
    };

    /// <summary>Two versions on the same dataset, item by item: which is better, and whether the difference is more than chance.</summary>
    private static async Task<Results<Ok<Comparison>, ProblemHttpResult, ValidationProblem>> Compare(
        ComparisonRequest request, HttpContext http, ModelRegistry registry, Evaluator evaluator)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            errors["$.model"] = ["Name the model whose versions to compare."];
        }

        if (request.A is null)
        {
            errors["$.a"] = ["Give the first version (usually the one serving)."];
        }

        if (request.B is null)
        {
            errors["$.b"] = ["Give the second version (usually the candidate)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (Classifier(registry, request.Model!) is { } notClassifier)
        {
            return notClassifier;
        }

        var dataset = request.Dataset ?? DatasetNames.Golden;
        var by = RequestReading.Caller(http.User);
        return await Answer(async () => TypedResults.Ok(Evaluator.Compare(
            await evaluator.LatestOrRunAsync(request.Model!, request.A!.Value, dataset, by), await evaluator.LatestOrRunAsync(request.Model!, request.B!.Value, dataset, by))));
    }

    /// <summary>Only the embedded classifiers have versions trained and measured here.</summary>
    public static ProblemHttpResult? Classifier(ModelRegistry registry, string model) => registry.Find(model) switch
    {
        null => TypedResults.Problem($"Model '{model}' is not in the registry.", statusCode: 404),
        { Task: ModelTask.Classify, Backend: "embedded" } => null,
        _ => TypedResults.Problem($"Model '{model}' is not an embedded classifier; only those are trained and evaluated here.", statusCode: 400),
    };

    private static async Task<Results<T, ProblemHttpResult, ValidationProblem>> Answer<T>(Func<Task<T>> run) where T : IResult
    {
        try
        {
            return await run();
        }
        catch (EvaluationException e)
        {
            return TypedResults.Problem(e.Message, statusCode: e.Status);
        }
    }
}
