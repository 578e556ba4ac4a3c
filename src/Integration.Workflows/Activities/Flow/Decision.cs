using System.Text.Json.Nodes;
using Integration.Workflows.Runtime;

namespace Integration.Workflows.Activities.Flow;

public sealed record DecisionInputs([property: Input("A JavaScript condition", Kind = InputKind.Expression)] JsonNode Condition);

[Activity(TypeName, "Flow", "Decision", "Goes one way or the other on a condition.", Outcomes = ["true", "false"])]
public sealed class Decision : Activity<DecisionInputs>
{
    public const string TypeName = "flow.decision";

    protected override Task<StepResult> RunAsync(StepContext context, DecisionInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult(StepResult.Done(outcome: Expressions.IsTrue(inputs.Condition) ? "true" : "false"));
}
