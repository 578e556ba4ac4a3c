using System.Text.Json;
using System.Text.Json.Nodes;

namespace Integration.Workflows.Activities.Models;

public sealed record ExtractInputs(
    [property: Input("The inference service's logical model (e.g. ticket-classifier).")] string Model,
    [property: Input("The text to read", Kind = InputKind.Template)] string Text,
    [property: Input("JSON Schema of the fields")] JsonObject Schema);

[Activity(TypeName, "AI", "Extract", "Extracts fields into a JSON Schema (structured output, validated).", Outcomes = ["done", "failed"], ReachesOutside = true)]
[Output("data", "object", "The fields")]
public sealed class Extract : Activity<ExtractInputs>
{
    public const string TypeName = "llm.extract";

    protected override async Task<StepResult> RunAsync(StepContext context, ExtractInputs inputs, CancellationToken cancellationToken)
    {
        var step = new ModelStep(context);
        var (text, guard) = await step.GuardAsync(inputs.Text, inputs.Model, cancellationToken);
        var answer = await step.AskAsync(inputs.Model, text, JsonSerializer.SerializeToElement(inputs.Schema), null, cancellationToken);
        return ModelStep.Completed(new JsonObject { ["data"] = ModelStep.Json<JsonNode>(answer, "JSON") }, inputs.Model, answer, guard);
    }
}
