using System.Text.Json.Nodes;

namespace Integration.Workflows.Runtime;

/// <param name="Parent">The instance whose workflow.call step started this one (it is told when this one ends).</param>
/// <param name="CallDepth">How many calls deep this instance runs (0 for one started by a person, a trigger or a schedule).</param>
[GenerateSerializer, Immutable]
public sealed record StartInstance(
    [property: Id(0)] string DefinitionId,
    [property: Id(1)] int Version,
    [property: Id(2)] string TriggerId,
    [property: Id(3)] JsonObject Input,
    [property: Id(4)] JsonObject? Event,
    [property: Id(5)] string? BusinessKey = null,
    [property: Id(6)] ParentStep? Parent = null,
    [property: Id(7)] int CallDepth = 0);

/// <summary>A sub-workflow's end, as its parent hears it: how it ended, its outputs, its error.</summary>
[GenerateSerializer, Immutable]
public sealed record ChildEnded([property: Id(0)] string InstanceId, [property: Id(1)] InstanceStatus Status, [property: Id(2)] JsonObject? Outputs,
    [property: Id(3)] string? Error);

/// <summary>A decision for a waiting token (an approval gate's): the outcome its step completes with, and its outputs.</summary>
[GenerateSerializer, Immutable]
public sealed record Resumption([property: Id(0)] string TokenId, [property: Id(1)] string Outcome, [property: Id(2)] JsonObject Outputs);

/// <summary>One workflow instance; its key is the instance id. Answers are the instance as its callers may see it.</summary>
public interface IWorkflowInstanceGrain : IGrainWithStringKey
{
    /// <summary>Starts the instance; a second start of the same instance changes nothing and returns it as it is.</summary>
    Task<InstanceView> StartAsync(StartInstance start);

    Task<InstanceView?> GetAsync();

    Task<InstanceView> ResumeAsync(Resumption resumption);

    Task<InstanceView> CancelAsync(string reason);

    Task<InstanceView> RetryIncidentsAsync();

    /// <summary>
    /// A sub-workflow this instance called has ended: its workflow.call step goes on. One-way, so that a child that ends
    /// while its parent is still starting it never waits for the parent; a lost message is made up for by the parent
    /// asking its child when the step's bookmark is due.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task ChildEndedAsync(ChildEnded ended);

    /// <summary>
    /// The personal data a placeholder of this instance stands for, or null: only for a reveal the governance policy allowed
    /// (see the approvals' reveal), never in an answer about the instance.
    /// </summary>
    Task<string?> PlaceholderValueAsync(string placeholder);

    /// <summary>
    /// Activates the instance if it is not (it then goes on from its last checkpoint) and runs what is due; called for
    /// instances a crash may have interrupted.
    /// </summary>
    Task WakeAsync();
}
