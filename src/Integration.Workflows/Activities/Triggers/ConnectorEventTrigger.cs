using System.Text.Json.Nodes;

namespace Integration.Workflows.Activities.Triggers;

public sealed record ConnectorEventInputs(
    [property: Input("Event type, e.g. zendesk.ticket.created")] string EventType,
    [property: Input("Optional condition on the event", Kind = InputKind.Expression)] JsonNode? Filter = null);

[Activity(TypeName, "Triggers", "Connector event", "Starts an instance for each trigger event of a type (e.g. zendesk.ticket.created) from the connector service.", IsTrigger = true)]
[Output("event", "object", "The trigger event: id, source, type, subject, time, data")]
public sealed class ConnectorEventTrigger : Activity<ConnectorEventInputs>
{
    public const string TypeName = "trigger.connectorEvent";

    protected override Task<StepResult> RunAsync(StepContext context, ConnectorEventInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult(StepResult.Done(new JsonObject { ["event"] = context.Instance.Event?.DeepClone() }));

    /// <summary>The event type a trigger node of this kind listens to, from the definition (before any instance exists).</summary>
    public static string? EventTypeOf(ActivityNode node) => node.Type == TypeName ? ReadDefinition(node).EventType : null;
}
