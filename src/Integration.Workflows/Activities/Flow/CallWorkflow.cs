using System.Text.Json.Nodes;
using Integration.Workflows.Activities.Triggers;
using Integration.Workflows.Definitions;
using Integration.Workflows.Instances;
using Integration.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace Integration.Workflows.Activities.Flow;

public sealed record CallWorkflowInputs(
    [property: Input("A published workflow's id; it starts by hand (trigger.manual)")] string Workflow,
    [property: Input("The child's input object, an expression over this instance's data", Kind = InputKind.Expression)] JsonNode? Input = null,
    [property: Input("A version to run (a draft included); the published one when empty")] int? Version = null);

/// <summary>
/// Runs another workflow as a child instance and waits for it like any wait (a bookmark, durable across a silo's loss):
/// the child's outputs come back as this step's, its failure as the <c>failed</c> outcome. The child is named by this
/// step's visit, so a crash that repeats the step finds the child it started. Cancelling this instance cancels the child.
/// </summary>
[Activity(TypeName, "Flow", "Call a workflow", "Starts a published workflow as a child instance with an input, waits for it to end, and takes its outputs (its failure: the failed outcome).",
    Outcomes = ["done", "failed"], Waits = true, ReachesOutside = true)]
[Output("instanceId", "string", "The child instance")]
[Output("status", "string", "How it ended: Completed, Failed or Cancelled")]
[Output("outputs", "object", "The child's outputs")]
public sealed class CallWorkflow : Activity<CallWorkflowInputs>, IChecksItsNode
{
    public const string TypeName = "workflow.call";

    /// <summary>A workflow that calls itself is refused when saved; a loop through other workflows stops at the depth limit when it runs.</summary>
    public IEnumerable<ValidationError> Problems(ActivityNode node, WorkflowDefinition definition, string path) =>
        node.Inputs?.GetValueOrDefault("workflow") is { ValueKind: System.Text.Json.JsonValueKind.String } called && called.GetString() == definition.Id
            ? [new ValidationError($"{path}.inputs.workflow", "A workflow does not call itself (the calls would nest without end); call another workflow, or loop back with a connection.")]
            : [];

    /// <summary>How often a waiting parent asks its child, should the child's word that it ended have been lost.</summary>
    public static readonly TimeSpan AskChildEvery = TimeSpan.FromSeconds(30);

    protected override async Task<StepResult> RunAsync(StepContext context, CallWorkflowInputs inputs, CancellationToken cancellationToken)
    {
        var parent = context.Instance;
        var limit = context.Service<IOptions<CallOptions>>().Value.MaxDepth;
        if (parent.CallDepth + 1 > limit)
        {
            throw new ActivityRefusedException($"Calling {inputs.Workflow} would nest workflows {parent.CallDepth + 1} deep; at most {limit} (Workflows:Calls:MaxDepth).");
        }

        var definitions = context.Service<DefinitionStore>();
        var (version, definition) = inputs.Version is { } chosen
            ? (chosen, await definitions.DefinitionAsync(inputs.Workflow, chosen))
            : await definitions.PublishedDefinitionAsync(inputs.Workflow) is { } published ? (published.Version, published.Definition) : (0, null);
        if (definition is null)
        {
            throw new ActivityRefusedException(inputs.Version is null ? $"Workflow '{inputs.Workflow}' has no published version." : $"Workflow '{inputs.Workflow}' has no version {inputs.Version}.");
        }

        if (definition.Activities?.FirstOrDefault(a => a.Type == ManualTrigger.TypeName) is not { } trigger)
        {
            throw new ActivityRefusedException($"Workflow '{inputs.Workflow}' cannot be called: it has no trigger.manual to start with an input.");
        }

        var input = inputs.Input as JsonObject ?? [];
        var childId = InstanceIds.Of(inputs.Workflow, $"call:{context.IdempotencyKey}");
        var child = await context.Service<IGrainFactory>().GetGrain<IWorkflowInstanceGrain>(childId).StartAsync(new StartInstance(inputs.Workflow, version, trigger.Id!,
            Runtime.PlaceholderVault.Restore(input, parent.Placeholders)!.AsObject(), null, null, new ParentStep(parent.Id, context.Node.Id!), parent.CallDepth + 1));
        return (StepResult?)Ended(child.Id, child.Status, child.Outputs, child.Error)
               ?? new StepResult.Waiting(BookmarkKind.Child, context.Time.GetUtcNow() + AskChildEvery, new JsonObject { ["instanceId"] = childId });
    }

    /// <summary>The step's ending once its child has ended (null while the child runs or waits).</summary>
    public static StepResult.Completed? Ended(string childId, InstanceStatus status, JsonObject? outputs, string? error) =>
        status is InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Cancelled
            ? new StepResult.Completed(new JsonObject
            {
                ["instanceId"] = childId, ["status"] = status.ToString(), ["outputs"] = outputs?.DeepClone() ?? new JsonObject(), ["error"] = error,
            }, status == InstanceStatus.Completed ? "done" : "failed")
            : null;

    /// <summary>The child a waiting step called (its bookmark keeps it).</summary>
    public static string? ChildOf(Bookmark bookmark) => bookmark.Kind == BookmarkKind.Child ? bookmark.Data?["instanceId"]?.GetValue<string>() : null;
}

/// <summary>How deep workflows may call each other (a loop of calls between workflows ends there, as a refused step).</summary>
public sealed class CallOptions
{
    public const string SectionName = "Workflows:Calls";

    [System.ComponentModel.DataAnnotations.Range(1, 50)]
    public int MaxDepth { get; set; } = 5;
}
