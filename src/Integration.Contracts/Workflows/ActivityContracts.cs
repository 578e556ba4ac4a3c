using System.Text.Json.Serialization;
using System.Text.Json;

namespace Integration.Contracts.Workflows;

/// <summary>How an input's value is read: a literal of a JSON type, a JavaScript expression (Jint) or a Liquid template (Fluid).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InputKind>))]
public enum InputKind
{
    Literal,
    Expression,
    Template,
    Cron,
}

/// <param name="Choices">The values a string literal may take (a designer shows them as a list).</param>
public sealed record ActivityInput(string Name, string Type, InputKind Kind, bool Required, string Description, JsonElement? Default = null,
    IReadOnlyList<string>? Choices = null);

public sealed record ActivityOutput(string Name, string Type, string Description);

/// <summary>
/// What a designer needs to draw an activity in the palette and its property form, and what the validator needs
/// to check a definition: its inputs, outputs and outcomes (the labels its outgoing connections carry).
/// </summary>
/// <param name="Waits">Whether the activity can suspend an instance (a gate, a timer): only loops through one may repeat.</param>
/// <param name="DynamicOutcomes">The input whose entries name further outcomes (a switch's cases, a fork's branches).</param>
/// <param name="Runner">Who carries it out: the interpreter, or the executor that calls the other services.</param>
public sealed record ActivityDescriptor(
    string Type,
    string Category,
    string DisplayName,
    string Description,
    IReadOnlyList<ActivityInput> Inputs,
    IReadOnlyList<ActivityOutput> Outputs,
    IReadOnlyList<string> Outcomes,
    bool IsTrigger = false,
    bool Waits = false,
    string? DynamicOutcomes = null,
    ActivityRunner Runner = ActivityRunner.Engine);

/// <summary>Who carries out an activity: the interpreter alone, or an activity that reaches other services (the instance is checkpointed before it).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActivityRunner>))]
public enum ActivityRunner
{
    /// <summary>Triggers, flow control, waits: nothing outside the instance.</summary>
    Engine,

    /// <summary>Model steps through governance and inference, connector operations, sub-workflows.</summary>
    Services,
}
