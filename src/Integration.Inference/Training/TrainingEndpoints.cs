using System.Text.Json;
using Integration.Inference.Datasets;
using Integration.Inference.Engine;
using Integration.Inference.Evaluation;
using Integration.Inference.Gateway;
using Integration.Inference.Registry;
using Integration.ServiceDefaults.Auth;
using StackExchange.Redis;

namespace Integration.Inference.Training;

public sealed record TrainingExample(string? Text, string? Label);

/// <param name="Dataset">One named dataset (shipped or feedback); <paramref name="Datasets"/> names several, whose union is trained on.</param>
/// <param name="Examples">Posted examples, trained on with the named datasets.</param>
/// <param name="Promote">Promote the new version if it passes the promotion gate.</param>
/// <param name="Features">What the classifier reads: <c>Words</c>, or <c>WordsAndMeaning</c> (the default: it measures better, see the README).</param>
/// <param name="IdempotencyKey">A repeat of a request with the same key (a workflow step retried) answers the first run's result and trains nothing.</param>
/// <param name="RequestedBy">The person a service trains for (a workflow's approver): kept as "ada (through workflows)". Services only.</param>
public sealed record TrainingRequest(string? Dataset, IReadOnlyList<TrainingExample>? Examples, double? TestFraction, int? Folds, int? Seed, bool? Promote,
    IReadOnlyList<string>? Datasets = null, ClassifierFeatures? Features = null, string? IdempotencyKey = null, string? RequestedBy = null);

/// <param name="Leakage">Items left out because they were golden items or near duplicates of one.</param>
/// <param name="Gate">The promotion gate's checks, when promotion was asked for.</param>
public sealed record TrainingRunResponse(ClassifierVersion Version, bool Promoted, Leakage Leakage, IReadOnlyList<GateCheck>? Gate);

/// <param name="Override">Promote even if the gate fails (admins only), with <paramref name="Reason"/> kept in the promotion log.</param>
public sealed record PromotionRequest(bool? Override, string? Reason);

public sealed record PromotionResponse(string Model, int? Promoted, IReadOnlyList<GateCheck> Checks, string? Override, IReadOnlyList<ClassifierVersion> Versions);

public sealed record VersionsResponse(string Model, int? Promoted, IReadOnlyList<ClassifierVersion> Versions);

public static class TrainingEndpoints
{
    private const int MaxExamples = 20_000;
    private const int MaxReason = 1_000;
    private const int MaxKey = 200;
    private const int MaxPerson = 100;

    /// <summary>How long a keyed run's result answers a repeat: longer than any retry of a step.</summary>
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    public static void MapTrainingEndpoints(this IEndpointRouteBuilder app)
    {
        var training = app.MapGroup("/v1/training/{model}").WithTags("Training");
        // A workflow (the service role) retrains as a step, after a person's decision at one of its gates. Versions and
        // promotions are the Models page's: its admins and process owners (designers) read them, nobody else.
        training.MapPost("/runs", Train).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer, Roles.Service));
        training.MapGet("/versions", async Task<IResult> (string model, ModelRegistry registry, ClassifierVersions versions) =>
            Trainable(registry, model) is { } problem
                ? problem
                : TypedResults.Ok(new VersionsResponse(model, await versions.PromotedAsync(model), await versions.ListAsync(model))))
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
        training.MapGet("/versions/{version:int}", async Task<IResult> (string model, int version, ModelRegistry registry, ClassifierVersions versions) =>
            Trainable(registry, model) ?? (await versions.FindAsync(model, version) is { } found
                ? TypedResults.Ok(found)
                : TypedResults.Problem($"Model '{model}' has no version {version}.", statusCode: 404)))
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
        training.MapPost("/versions/{version:int}/promote", Promote).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
        training.MapGet("/promotions", async Task<IResult> (string model, ModelRegistry registry, PromotionGate gate) =>
            Trainable(registry, model) ?? TypedResults.Ok(await gate.HistoryAsync(model)))
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
    }

    private static async Task<IResult> Train(string model, TrainingRequest request, HttpContext context, ModelRegistry registry, DatasetStore datasets, TrainingRuns runs,
        IConnectionMultiplexer redis)
    {
        if (Trainable(registry, model) is { } notTrainable)
        {
            return notTrainable;
        }

        if (request.IdempotencyKey is { Length: 0 or > MaxKey })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$.idempotencyKey"] = [$"An idempotency key is 1 to {MaxKey} characters."] });
        }

        if (request.RequestedBy is not null && !context.User.IsInRole(Roles.Service))
        {
            return TypedResults.Problem("Only a service names the person it trains for; a person trains as themselves.", statusCode: 403);
        }

        if (request.RequestedBy is { } person && (string.IsNullOrWhiteSpace(person) || person.Length > MaxPerson))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$.requestedBy"] = [$"Name the person in 1 to {MaxPerson} characters, or leave it out."] });
        }

        // A step is retried one attempt after another, never two at once (its instance runs one step at a time), so a
        // look before the run and a note after it make it train once.
        var done = request.IdempotencyKey is { } key ? RunByKey(model, key) : default;
        if (request.IdempotencyKey is not null && await redis.GetDatabase().StringGetAsync(done) is { IsNullOrEmpty: false } earlier)
        {
            return TypedResults.Ok(JsonSerializer.Deserialize<TrainingRunResponse>(earlier.ToString(), JsonSerializerOptions.Web));
        }

        var (candidates, provenance, errors) = await CandidatesAsync(model, request, datasets);
        var (examples, leakage) = await runs.CleanAsync(candidates);
        Check(errors, request, examples);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var run = await runs.RunAsync(model, examples, leakage, provenance, new TrainingSettings(request.TestFraction ?? 0.2, request.Folds ?? 0, request.Seed ?? 42,
                request.Features ?? TrainingSettings.DefaultFeatures),
            request.RequestedBy is { } who ? $"{who.Trim()} (through {RequestReading.Caller(context.User)})" : RequestReading.Caller(context.User),
            request.Promote == true, context.RequestAborted, RequestReading.Roles(context.User));
        var response = new TrainingRunResponse(run.Version, run.Promoted, run.Leakage, run.Gate);
        if (request.IdempotencyKey is not null)
        {
            await redis.GetDatabase().StringSetAsync(done, JsonSerializer.Serialize(response, JsonSerializerOptions.Web), KeptFor);
        }

        return TypedResults.Created($"/v1/training/{model}/versions/{run.Version.Version}", response);
    }

    /// <summary>Where a keyed run's result is kept (the key hashed: it is the caller's, of any length and characters).</summary>
    private static RedisKey RunByKey(string model, string key) =>
        $"inference:training:{model}:run-by-key:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))}";

    /// <summary>
    /// Serves a version from now on, if it passes the promotion gate (see <see cref="PromotionGate"/>): otherwise 409 with
    /// the checks that failed. An admin may promote past them with a reason, which the promotion log keeps.
    /// </summary>
    private static async Task<IResult> Promote(string model, int version, PromotionRequest? request, HttpContext context, ModelRegistry registry,
        ClassifierVersions versions, PromotionGate gate)
    {
        if (Trainable(registry, model) is { } notTrainable)
        {
            return notTrainable;
        }

        if (await versions.FindAsync(model, version) is null)
        {
            return TypedResults.Problem($"Model '{model}' has no version {version}.", statusCode: 404);
        }

        var overriding = request?.Override == true;
        if (overriding && !context.User.IsInRole(Roles.Admin))
        {
            return TypedResults.Problem("Only an admin promotes past the gate.", statusCode: 403);
        }

        if (overriding && string.IsNullOrWhiteSpace(request!.Reason))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$.reason"] = ["Say why the gate is overridden; the promotion log keeps it."] });
        }

        if (request?.Reason is { Length: > MaxReason })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$.reason"] = [$"The reason is at most {MaxReason} characters."] });
        }

        var by = RequestReading.Caller(context.User);
        var previous = await versions.PromotedAsync(model);
        if (previous == version)
        {
            // Serving already: nothing to check or log.
            return TypedResults.Ok(new PromotionResponse(model, version, [], null, await versions.ListAsync(model)));
        }

        var (checks, _, _) = await gate.CheckAsync(model, version, by);
        var failed = checks.Where(c => !c.Passed).ToList();
        if (failed.Count > 0 && !overriding)
        {
            // Refused is an outcome the log keeps too: who wanted which version to serve, and why the gate said no.
            await gate.RecordAsync(new PromotionRecord(model, version, previous, PromotionOutcome.Refused, checks, by, null, gate.Now, RequestReading.Roles(context.User)));
            return TypedResults.Problem($"Version {version} of '{model}' does not pass the promotion gate: " + string.Join("; ", failed.Select(c => $"{c.Gate}: {c.Detail}")) + ".",
                statusCode: 409, extensions: new Dictionary<string, object?> { ["checks"] = checks });
        }

        await versions.PromoteAsync(model, version);
        await gate.RecordAsync(new PromotionRecord(model, version, previous, failed.Count == 0 ? PromotionOutcome.Promoted : PromotionOutcome.Overridden, checks, by, overriding ? request!.Reason : null, gate.Now,
            RequestReading.Roles(context.User)));
        return TypedResults.Ok(new PromotionResponse(model, version, checks, overriding ? request!.Reason : null, await versions.ListAsync(model)));
    }

    private static IResult? Trainable(ModelRegistry registry, string model) => registry.Find(model) switch
    {
        null => TypedResults.Problem($"Model '{model}' is not in the registry.", statusCode: 404),
        { Task: ModelTask.Classify, Backend: "embedded" } => null,
        _ => TypedResults.Problem($"Model '{model}' is not an embedded classifier; only those are trained here.", statusCode: 400),
    };

    /// <summary>The items a request names (its datasets, then its posted examples), with where they came from.</summary>
    private static async Task<(List<DatasetItem> Items, string Provenance, Dictionary<string, string[]> Errors)> CandidatesAsync(
        string model, TrainingRequest request, DatasetStore datasets)
    {
        var errors = new Dictionary<string, string[]>();
        var items = new List<DatasetItem>();
        var sources = new List<string>();
        var names = request.Datasets ?? (request.Dataset is { } one ? [one] : []);
        var path = request.Datasets is null ? "$.dataset" : "$.datasets";
        for (var i = 0; i < names.Count; i++)
        {
            var at = request.Datasets is null ? path : $"{path}[{i}]";
            if (names[i] == DatasetNames.Golden)
            {
                errors[at] = ["The golden set is never trained on: every version is measured on it."];
            }
            else if (names[i] is not (DatasetNames.Shipped or DatasetNames.Feedback))
            {
                errors[at] = [$"There is no dataset '{names[i]}' to train on; name {DatasetNames.Shipped} or {DatasetNames.Feedback}."];
            }
            else
            {
                var named = (await datasets.ItemsAsync(names[i], model))!;
                items.AddRange(named);
                sources.Add($"{names[i]} ({named.Count})");
            }
        }

        if (request.Examples is { Count: > MaxExamples })
        {
            errors["$.examples"] = [$"{request.Examples.Count} examples; the limit is {MaxExamples}."];
        }
        else if (request.Examples is { Count: > 0 } posted)
        {
            for (var i = 0; i < posted.Count; i++)
            {
                var example = posted[i];
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
                    items.Add(new DatasetItem($"posted-{i}", example.Text, example.Label.Trim(), "posted"));
                }
            }

            sources.Add($"posted ({posted.Count})");
        }

        if (names.Count == 0 && request.Examples is not { Count: > 0 })
        {
            errors["$.examples"] = ["No examples: post labeled examples or name datasets (shipped, feedback)."];
        }

        // The same item named twice (by two datasets) trains once.
        return ([.. items.DistinctBy(i => i.Id)], string.Join(" + ", sources), errors);
    }

    private static void Check(Dictionary<string, string[]> errors, TrainingRequest request, IReadOnlyList<DatasetItem> examples)
    {
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
    }
}
