using System.Text.Json.Nodes;
using Integration.Workflows.Definitions;
using Integration.Workflows.Runtime;

namespace Integration.Workflows.Activities;

/// <summary>
/// A kind of step a workflow can take: what it is (<see cref="Descriptor"/>, from its attributes and its inputs record)
/// and what it does. One class per activity (see <see cref="Activity{TInputs}"/>), registered with
/// <see cref="ActivityRegistration.AddActivity{TActivity}"/>; the catalog is what is registered.
/// </summary>
public interface IActivity
{
    ActivityDescriptor Descriptor { get; }

    /// <summary>Runs the step with its inputs resolved; throws to fail it (it is then retried as the definition says, then an incident).</summary>
    Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken);
}

/// <summary>
/// An activity with rules of its own for how a definition uses it, beyond its inputs' types (who may decide a gate, a
/// workflow that would call itself): the validator adds what it finds to a save's errors, each with its JSON path.
/// </summary>
public interface IChecksItsNode
{
    /// <param name="path">The node's path in the definition, e.g. <c>$.activities[2]</c>.</param>
    IEnumerable<ValidationError> Problems(ActivityNode node, WorkflowDefinition definition, string path);
}

/// <summary>What a step gets: the instance, its node, its inputs resolved from the definition, and the services it may call.</summary>
/// <param name="IdempotencyKey">Instance, step and visit: the same for every retry and replay of one step, so that a side effect happens once.</param>
/// <param name="IncomingConnections">How many connections lead into the step (a join waits for them).</param>
public sealed record StepContext(InstanceState Instance, ActivityNode Node, JsonObject Inputs, string IdempotencyKey, int Attempt, IServiceProvider Services,
    TimeProvider Time, int IncomingConnections = 0)
{
    /// <summary>A service the activity calls (a client of another service, the grain factory), from the host's container.</summary>
    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();
}
