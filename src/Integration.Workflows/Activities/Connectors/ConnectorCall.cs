using System.Text.Json.Nodes;
using Integration.Workflows.Activities.Models;
using Integration.Workflows.Runtime;
using Integration.Workflows.Services;

namespace Integration.Workflows.Activities.Connectors;

public sealed record ConnectorCallInputs(
    [property: Input("Catalog operation, e.g. salesforce.case.create")] string Operation,
    [property: Input("Named connection; the operation's default when empty")] string? Connection = null,
    [property: Input("The operation's input object", Kind = InputKind.Expression)] JsonNode? Input = null);

[Activity(TypeName, "Connectors", "Connector call",
    "Calls an operation of the connector service's catalog (e.g. zendesk.ticket.addComment) with an idempotency key per instance, step and attempt.",
    Outcomes = ["done", "failed"], ReachesOutside = true)]
[Output("output", "object", "The operation's output")]
public sealed class ConnectorCall : Activity<ConnectorCallInputs>
{
    public const string TypeName = "connector.call";

    protected override async Task<StepResult> RunAsync(StepContext context, ConnectorCallInputs inputs, CancellationToken cancellationToken)
    {
        // Toward the SaaS the real values go back in; the key makes a retried or replayed step post once.
        if (PlaceholderVault.Restore(inputs.Input ?? new JsonObject(), context.Instance.Placeholders) is not JsonObject input)
        {
            throw new ActivityFailedException($"The input of connector operation {inputs.Operation} is an object; its expression gave {inputs.Input?.GetValueKind()}.");
        }

        var result = await context.Service<ConnectorClient>().InvokeAsync(inputs.Operation, new InvokeRequest(inputs.Connection, input, context.IdempotencyKey), cancellationToken);
        return StepResult.Done(new JsonObject { ["output"] = result.Output.DeepClone(), ["replayed"] = result.Replayed });
    }
}
