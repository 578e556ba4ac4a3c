using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Workflows.Services;

namespace Integration.Workflows.Activities.Models;

public sealed record TrainInputs(
    [property: Input("The classifier, e.g. ticket-classifier or {{ event.data.model }}", Kind = InputKind.Template)] string Model,
    [property: Input("Datasets whose union is trained on", Default = """["shipped","feedback"]""")] IReadOnlyList<string>? Datasets = null,
    [property: Input("Promote the version if it passes the gate")] bool Promote = true,
    [property: Input("Who asked for it, e.g. {{ steps.review.decidedBy | first }}: the promotion log and the audit name them, through the workflow service",
        Kind = InputKind.Template)] string? RequestedBy = null);

[Activity(TypeName, "AI", "Retrain classifier",
    "Trains a new version of an embedded classifier on the datasets named (the shipped tickets and the reviewers' corrections) and puts it to the promotion gate; a refusal is an outcome, not a failure. Put a person's approval before it.",
    Outcomes = ["done", "failed"], ReachesOutside = true)]
[Output("version", "number", "The version trained")]
[Output("promoted", "boolean", "Whether it serves now")]
[Output("checks", "array", "The promotion gate's checks")]
[Output("leftOut", "number", "Golden items (or near duplicates) left out of training")]
public sealed class Train : Activity<TrainInputs>
{
    public const string TypeName = "llm.train";

    /// <summary>No text goes to a model here (the datasets are the inference service's own), so no guard is asked.</summary>
    protected override async Task<StepResult> RunAsync(StepContext context, TrainInputs inputs, CancellationToken cancellationToken)
    {
        var run = await context.Service<InferenceClient>().RetrainAsync(inputs.Model,
            new RetrainingRequest(inputs.Datasets ?? ["shipped", "feedback"], inputs.Promote, context.IdempotencyKey, inputs.RequestedBy is { Length: > 0 } person ? person : null),
            cancellationToken);
        return StepResult.Done(new JsonObject
        {
            ["model"] = inputs.Model,
            ["version"] = run.Version.Version,
            ["trainedBy"] = run.Version.TrainedBy,
            ["promoted"] = run.Promoted,
            ["dataset"] = run.Version.Dataset,
            ["trainExamples"] = run.Version.TrainExamples,
            ["leftOut"] = run.Leakage.Exact + run.Leakage.Near,
            ["checks"] = JsonSerializer.SerializeToNode(run.Gate ?? [], JsonSerializerOptions.Web),
        });
    }
}
