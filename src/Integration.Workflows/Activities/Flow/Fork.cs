using System.Text.Json.Nodes;

namespace Integration.Workflows.Activities.Flow;

public sealed record ForkInputs([property: Input("Branch names")] JsonArray Branches);

[Activity(TypeName, "Flow", "Fork", "Runs branches in parallel.", Outcomes = [], DynamicOutcomes = "branches")]
public sealed class Fork : Activity<ForkInputs>
{
    public const string TypeName = "flow.fork";

    /// <summary>Every outgoing connection is followed, whatever its branch name.</summary>
    protected override Task<StepResult> RunAsync(StepContext context, ForkInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult(StepResult.Done(outcome: null));
}
