using System.Text.Json.Nodes;

namespace Integration.Workflows.Activities.Flow;

public sealed record SetVariableInputs(
    [property: Input("Variable name")] string Variable,
    [property: Input("The value", Kind = InputKind.Expression)] JsonNode Value);

[Activity(TypeName, "Flow", "Set variable", "Sets a variable to an expression's value.")]
public sealed class SetVariable : Activity<SetVariableInputs>
{
    public const string TypeName = "flow.setVariable";

    protected override Task<StepResult> RunAsync(StepContext context, SetVariableInputs inputs, CancellationToken cancellationToken)
    {
        context.Instance.Vars[inputs.Variable] = inputs.Value?.DeepClone();
        return Task.FromResult(StepResult.Done());
    }
}
