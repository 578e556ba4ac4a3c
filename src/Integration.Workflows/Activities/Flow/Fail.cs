namespace Integration.Workflows.Activities.Flow;

public sealed record FailInputs([property: Input("Why", Kind = InputKind.Template)] string Reason);

[Activity(TypeName, "Flow", "Fail", "Fails the instance with a reason.", Outcomes = [])]
public sealed class Fail : Activity<FailInputs>
{
    public const string TypeName = "flow.fail";

    protected override Task<StepResult> RunAsync(StepContext context, FailInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult>(new StepResult.FailedInstance(inputs.Reason));
}
