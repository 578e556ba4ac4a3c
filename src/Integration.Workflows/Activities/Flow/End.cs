using System.Text.Json.Nodes;

namespace Integration.Workflows.Activities.Flow;

public sealed record EndInputs([property: Input("The outputs object", Kind = InputKind.Expression)] JsonNode? Outputs = null);

[Activity(TypeName, "Flow", "End", "Completes the instance, with the workflow's outputs.", Outcomes = [])]
public sealed class End : Activity<EndInputs>
{
    public const string TypeName = "flow.end";

    protected override Task<StepResult> RunAsync(StepContext context, EndInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult>(new StepResult.Ended(inputs.Outputs as JsonObject ?? []));
}
