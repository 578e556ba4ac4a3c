using System.Text.Json.Nodes;

namespace Integration.Workflows.Runtime;

[GenerateSerializer, Immutable]
public sealed record StartInstance(
    [property: Id(0)] string DefinitionId,
    [property: Id(1)] int Version,
    [property: Id(2)] string TriggerId,
    [property: Id(3)] JsonObject Input,
    [property: Id(4)] JsonObject? Event,
    [property: Id(5)] string? BusinessKey = null);

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
