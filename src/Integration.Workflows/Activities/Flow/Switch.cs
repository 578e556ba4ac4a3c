using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Workflows.Runtime;

namespace Integration.Workflows.Activities.Flow;

public sealed record SwitchInputs([property: Input("[{\"name\": \"billing\", \"condition\": \"label == 'billing'\"}]")] JsonArray Cases);

[Activity(TypeName, "Flow", "Switch", "Takes the first case whose condition holds, else default.", Outcomes = ["default"], DynamicOutcomes = "cases")]
public sealed class Switch : Activity<SwitchInputs>
{
    public const string TypeName = "flow.switch";

    /// <summary>Each case's condition is evaluated in turn, as the case comes up (a later one is not evaluated once one holds).</summary>
    protected override Task<StepResult> RunAsync(StepContext context, SwitchInputs inputs, CancellationToken cancellationToken)
    {
        var scope = context.Instance.Scope();
        foreach (var entry in inputs.Cases.OfType<JsonObject>())
        {
            if (entry["condition"] is JsonValue condition && condition.GetValueKind() == JsonValueKind.String &&
                Expressions.IsTrue(Expressions.Evaluate(condition.GetValue<string>(), scope)))
            {
                return Task.FromResult(StepResult.Done(outcome: entry["name"]!.GetValue<string>()));
            }
        }

        return Task.FromResult(StepResult.Done(outcome: "default"));
    }
}
