using System.Text.Json.Nodes;

namespace Integration.Workflows.Activities.Flow;

public sealed record ForEachInputs(
    [property: Input("The array to go through", Kind = InputKind.Expression)] JsonNode Items,
    [property: Input("Variable holding the current item")] string Variable = "item");

[Activity(TypeName, "Flow", "For each", "Runs its iterate branch once per item, then goes on.", Outcomes = ["iterate", "done"])]
public sealed class ForEach : Activity<ForEachInputs>
{
    public const string TypeName = "flow.forEach";

    /// <summary>Each visit takes the next item (its index is kept with the instance) until none is left.</summary>
    protected override Task<StepResult> RunAsync(StepContext context, ForEachInputs inputs, CancellationToken cancellationToken)
    {
        var items = inputs.Items as JsonArray ?? [];
        var positions = context.Instance.ForEachPositions;
        var id = context.Node.Id!;
        var position = positions.GetValueOrDefault(id);
        if (position < items.Count)
        {
            positions[id] = position + 1;
            context.Instance.Vars[inputs.Variable] = items[position]?.DeepClone();
            return Task.FromResult(StepResult.Done(new JsonObject { ["index"] = position }, "iterate"));
        }

        positions.Remove(id);
        return Task.FromResult(StepResult.Done(new JsonObject { ["count"] = items.Count }));
    }
}
