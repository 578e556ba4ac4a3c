using System.Text.Json.Nodes;
using Integration.Workflows.Activities;
using Integration.Workflows.Definitions;

namespace Integration.Workflows.Runtime;

/// <param name="IdempotencyKey">Instance, step and visit: the same for every retry and replay of one step, so that a side effect happens once.</param>
public sealed record ActivityContext(InstanceState Instance, ActivityNode Node, ActivityDescriptor Descriptor, JsonObject Inputs, string IdempotencyKey, int Attempt);

public sealed record ActivityResult(JsonObject Outputs, string Outcome = "done");

/// <summary>Carries out the activities that reach outside the instance: model calls (llm.*) and connector calls.</summary>
public interface IActivityExecutor
{
    Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken);
}
