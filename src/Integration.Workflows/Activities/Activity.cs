using System.Text.Json;
using System.Text.Json.Nodes;

namespace Integration.Workflows.Activities;

/// <summary>Thrown when a step's resolved inputs do not fit its inputs record: the definition's values are wrong, which a retry cannot mend.</summary>
public sealed class ActivityInputException(string message) : Exception(message);

/// <summary>
/// Thrown when a step refuses to run for a reason a retry cannot change (a call nesting too deep, a workflow that cannot be
/// called): it fails at once, without its retries, and takes its failed outcome or becomes an incident.
/// </summary>
public sealed class ActivityRefusedException(string message) : Exception(message);

/// <summary>
/// An activity whose inputs are read once into a typed record (<typeparamref name="TInputs"/>): the class declares what it
/// is with <see cref="ActivityAttribute"/> and <see cref="OutputAttribute"/>, its inputs with <see cref="InputAttribute"/>
/// on the record's properties, and does its work in <see cref="RunAsync(StepContext, TInputs, CancellationToken)"/>.
/// </summary>
public abstract class Activity<TInputs> : IActivity where TInputs : class
{
    public ActivityDescriptor Descriptor { get; }

    protected Activity() => Descriptor = ActivityDescribing.Describe(GetType(), typeof(TInputs));

    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) => RunAsync(context, Read(context.Inputs), cancellationToken);

    protected abstract Task<StepResult> RunAsync(StepContext context, TInputs inputs, CancellationToken cancellationToken);

    /// <summary>
    /// A node's inputs as the definition wrote them, before any instance resolves them (a trigger's event type, a schedule's
    /// cron): literals as they are, expressions and templates as their text.
    /// </summary>
    public static TInputs ReadDefinition(ActivityNode node) =>
        Read(new JsonObject((node.Inputs ?? new Dictionary<string, JsonElement>()).Select(i => KeyValuePair.Create(i.Key, JsonNode.Parse(i.Value.GetRawText())))));

    /// <summary>The step's resolved inputs as this activity's record (also for those who read a waiting step's inputs back, such as a gate's task).</summary>
    public static TInputs Read(JsonObject inputs)
    {
        try
        {
            return inputs.Deserialize<TInputs>(JsonSerializerOptions.Web) ?? throw new ActivityInputException("The inputs are missing.");
        }
        catch (JsonException e)
        {
            var name = e.Path is { Length: > 2 } path ? $"'{path[2..]}'" : "an input";
            throw new ActivityInputException($"The value of {name} does not fit: {Integration.ServiceDefaults.Errors.JsonReadErrors.Describe(e)}");
        }
    }
}

/// <summary>An activity with no inputs.</summary>
public sealed record NoInputs;
