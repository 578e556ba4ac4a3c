using System.Text.Json.Serialization;

namespace Integration.Workflows.Activities.Flow;

/// <summary>When a join goes on: once every incoming branch has arrived, or at the first.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JoinMode>))]
public enum JoinMode
{
    [JsonStringEnumMemberName("all")]
    All,

    [JsonStringEnumMemberName("any")]
    Any,
}

public sealed record JoinInputs([property: Input("all | any")] JoinMode Mode = JoinMode.All);

[Activity(TypeName, "Flow", "Join", "Waits for branches: all of them, or the first.")]
public sealed class Join : Activity<JoinInputs>
{
    public const string TypeName = "flow.join";

    protected override Task<StepResult> RunAsync(StepContext context, JoinInputs inputs, CancellationToken cancellationToken)
    {
        var arrivals = context.Instance.JoinArrivals;
        var id = context.Node.Id!;
        var arrived = arrivals[id] = arrivals.GetValueOrDefault(id) + 1;
        if (arrived >= context.IncomingConnections)
        {
            arrivals.Remove(id); // ready for the next round (a join inside a loop)
        }

        var goesOn = inputs.Mode == JoinMode.Any ? arrived == 1 : arrived == context.IncomingConnections;
        return Task.FromResult(goesOn ? StepResult.Done() : new StepResult.Held());
    }
}
