using System.Text.Json.Nodes;
using Integration.Workflows.Services;

namespace Integration.Workflows.Activities.Models;

public sealed record ClassifyInputs(
    [property: Input("The inference service's logical model (e.g. ticket-classifier).")] string Model,
    [property: Input("The text to classify", Kind = InputKind.Template)] string Text,
    [property: Input("When the model is an A/B split, ask every arm and say whether they agree (extra model calls)")] bool CompareArms = false);

[Activity(TypeName, "AI", "Classify", "Classifies text into the model's labels with a confidence; input guard before, output guard after.",
    Outcomes = ["done", "failed"], ReachesOutside = true)]
[Output("label", "string", "Best label")]
[Output("confidence", "number", "Its probability")]
[Output("scores", "object", "Probability per label")]
[Output("arms", "object", "Each arm's label, when arms were compared")]
[Output("armsAgree", "boolean", "Whether every arm gave the same label")]
public sealed class Classify : Activity<ClassifyInputs>
{
    public const string TypeName = "llm.classify";

    /// <summary>What a classifier model answers: its best label, that label's probability, and one per label.</summary>
    private sealed record Classification(string? Label, double? Confidence, JsonObject? Scores);

    protected override async Task<StepResult> RunAsync(StepContext context, ClassifyInputs inputs, CancellationToken cancellationToken)
    {
        var step = new ModelStep(context);
        var (text, guard) = await step.GuardAsync(inputs.Text, inputs.Model, cancellationToken);
        var answer = await step.AskAsync(inputs.Model, text, null, null, cancellationToken);
        var result = ModelStep.Json<Classification>(answer, "a classification ({\"label\", \"confidence\", \"scores\"})");
        var arms = inputs.CompareArms ? await OtherArmsAsync(context, step, inputs.Model, answer.ServedModel, result.Label, text, cancellationToken) : null;
        return ModelStep.Completed(new JsonObject
        {
            ["label"] = result.Label,
            ["confidence"] = result.Confidence,
            ["scores"] = result.Scores,
            ["arms"] = arms,
            ["armsAgree"] = arms is null ? null : arms.Select(a => a.Value?.GetValue<string>()).Distinct().Count() == 1,
        }, inputs.Model, answer, guard);
    }

    /// <summary>
    /// For an A/B split, what every arm answers for the same (redacted) text, by arm: the one that served this instance and
    /// each other arm asked by name. Arms that disagree mark a case the models are unsure of, whatever each one's
    /// confidence (the inbox's uncertainty order puts them first). Each extra call is a model call like any other: budgeted and metered.
    /// </summary>
    private static async Task<JsonObject?> OtherArmsAsync(StepContext context, ModelStep step, string model, string served, string? label, string text,
        CancellationToken cancellationToken)
    {
        var split = (await context.Service<InferenceClient>().ModelAsync(model, cancellationToken)).Split;
        if (split.Count == 0)
        {
            return null;
        }

        var arms = new JsonObject { [served] = label };
        foreach (var arm in split.Select(a => a.Model).Where(a => a != served).Distinct(StringComparer.Ordinal))
        {
            arms[arm] = ModelStep.Json<Classification>(await step.AskAsync(arm, text, null, null, cancellationToken), "a classification").Label;
        }

        return arms;
    }
}
