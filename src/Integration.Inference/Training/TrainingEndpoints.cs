using Integration.Inference.Engine;
using Integration.Inference.Gateway;
using Integration.Inference.Registry;
using Integration.ServiceDefaults.Auth;

namespace Integration.Inference.Training;

public sealed record TrainingExample(string? Text, string? Label);

/// <param name="Dataset">"shipped" for the synthetic dataset that ships with the service; otherwise the examples are posted.</param>
public sealed record TrainingRequest(string? Dataset, IReadOnlyList<TrainingExample>? Examples, double? TestFraction, int? Folds, int? Seed, bool? Promote);

public sealed record TrainingRunResponse(ClassifierVersion Version, bool Promoted);

public sealed record VersionsResponse(string Model, int? Promoted, IReadOnlyList<ClassifierVersion> Versions);

public static class TrainingEndpoints
{
    private const int MaxExamples = 20_000;
    private static readonly SemaphoreSlim OneTrainingAtATime = new(1, 1);

    public static void MapTrainingEndpoints(this IEndpointRouteBuilder app)
    {
        var training = app.MapGroup("/v1/training/{model}").WithTags("Training");
        training.MapPost("/runs", Train).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
        training.MapGet("/versions", async Task<IResult> (string model, ModelRegistry registry, ClassifierVersions versions) =>
            Trainable(registry, model) is { } problem
                ? problem
                : TypedResults.Ok(new VersionsResponse(model, await versions.PromotedAsync(model), await versions.ListAsync(model))));
        training.MapGet("/versions/{version:int}", async Task<IResult> (string model, int version, ModelRegistry registry, ClassifierVersions versions) =>
            Trainable(registry, model) ?? (await versions.FindAsync(model, version) is { } found
                ? TypedResults.Ok(found)
                : TypedResults.Problem($"Model '{model}' has no version {version}.", statusCode: 404)));
        training.MapPost("/versions/{version:int}/promote", Promote).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
    }

    private static async Task<IResult> Train(string model, TrainingRequest request, HttpContext context, ModelRegistry registry,
        ClassifierVersions versions, ShippedData shipped, TimeProvider time)
    {
        if (Trainable(registry, model) is { } notTrainable)
        {
            return notTrainable;
        }

        var (examples, errors) = Validate(request, shipped);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await OneTrainingAtATime.WaitAsync(context.RequestAborted);
        try
        {
            var settings = new TrainingSettings(request.TestFraction ?? 0.2, request.Folds ?? 0, request.Seed ?? 42);
            var outcome = await Task.Run(() => ClassifierTraining.Run(examples, settings));
            var stored = await versions.StoreAsync(model, outcome, RequestReading.Caller(context.User),
                request.Dataset ?? $"posted ({examples.Count} examples)", time.GetUtcNow());
            if (request.Promote == true)
            {
                await versions.PromoteAsync(model, stored.Version);
            }

            return TypedResults.Created($"/v1/training/{model}/versions/{stored.Version}", new TrainingRunResponse(stored, request.Promote == true));
        }
        finally
        {
            OneTrainingAtATime.Release();
        }
    }

    private static async Task<IResult> Promote(string model, int version, ModelRegistry registry, ClassifierVersions versions)
    {
        if (Trainable(registry, model) is { } notTrainable)
        {
            return notTrainable;
        }

        if (await versions.FindAsync(model, version) is null)
        {
            return TypedResults.Problem($"Model '{model}' has no version {version}.", statusCode: 404);
        }

        await versions.PromoteAsync(model, version);
        return TypedResults.Ok(new VersionsResponse(model, version, await versions.ListAsync(model)));
    }

    private static IResult? Trainable(ModelRegistry registry, string model) => registry.Find(model) switch
    {
        null => TypedResults.Problem($"Model '{model}' is not in the registry.", statusCode: 404),
        { Task: ModelTask.Classify, Backend: "embedded" } => null,
        _ => TypedResults.Problem($"Model '{model}' is not an embedded classifier; only those are trained here.", statusCode: 400),
    };

    private static (List<LabeledText> Examples, Dictionary<string, string[]> Errors) Validate(TrainingRequest request, ShippedData shipped)
    {
        var errors = new Dictionary<string, string[]>();
        var examples = new List<LabeledText>();
        if (request.Dataset is not null && request.Dataset != "shipped")
        {
            errors["$.dataset"] = ["The only named dataset is \"shipped\"; post other data as examples."];
        }
        else if (request.Dataset is not null && request.Examples is { Count: > 0 })
        {
            errors["$.examples"] = ["Give either a dataset name or examples, not both."];
        }
        else if (request.Dataset == "shipped")
        {
            examples.AddRange(shipped.Tickets);
        }
        else if (request.Examples is not { Count: > 0 })
        {
            errors["$.examples"] = ["No examples: post labeled examples or name the dataset \"shipped\"."];
        }
        else if (request.Examples.Count > MaxExamples)
        {
            errors["$.examples"] = [$"{request.Examples.Count} examples; the limit is {MaxExamples}."];
        }
        else
        {
            for (var i = 0; i < request.Examples.Count; i++)
            {
                var example = request.Examples[i];
                if (string.IsNullOrWhiteSpace(example.Text))
                {
                    errors[$"$.examples[{i}].text"] = ["The text is empty."];
                }

                if (string.IsNullOrWhiteSpace(example.Label))
                {
                    errors[$"$.examples[{i}].label"] = ["The label is empty."];
                }
                else if (example.Text is not null)
                {
                    examples.Add(new LabeledText(example.Text, example.Label.Trim()));
                }
            }
        }

        var testFraction = request.TestFraction ?? 0.2;
        if (testFraction is <= 0 or > 0.5)
        {
            errors["$.testFraction"] = ["The held-out share is above 0 and at most 0.5."];
        }

        if (request.Folds is { } folds && folds != 0 && folds is < 2 or > 10)
        {
            errors["$.folds"] = ["folds is 0 (no cross-validation) or between 2 and 10."];
        }

        if (errors.Count == 0)
        {
            var labels = examples.GroupBy(e => e.Label).ToList();
            if (labels.Count < 2)
            {
                errors["$.examples"] = ["At least two labels are needed."];
            }

            foreach (var label in labels.Where(l => l.Count() * testFraction < 1 || l.Count() < 2))
            {
                errors[$"$.examples[label={label.Key}]"] = [$"Label '{label.Key}' has {label.Count()} examples: too few to hold any out for testing."];
            }
        }

        return (examples, errors);
    }
}
