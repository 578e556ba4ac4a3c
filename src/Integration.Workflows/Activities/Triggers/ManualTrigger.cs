using System.Text.Json.Nodes;

namespace Integration.Workflows.Activities.Triggers;

[Activity(TypeName, "Triggers", "Manual or API start", "Starts an instance when a user or a system calls the start API with the workflow's inputs.", IsTrigger = true)]
[Output("input", "object", "The start request's inputs")]
public sealed class ManualTrigger : Activity<NoInputs>
{
    public const string TypeName = "trigger.manual";

    protected override Task<StepResult> RunAsync(StepContext context, NoInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult(StepResult.Done(new JsonObject { ["input"] = context.Instance.Input.DeepClone() }));
}
