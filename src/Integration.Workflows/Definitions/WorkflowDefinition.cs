using System.Text.Json;

namespace Integration.Workflows.Definitions;

/// <summary>
/// A workflow as process owners design it: a flowchart of activities joined by connections (so that a visual
/// designer can edit it), typed variables, and the workflow's inputs and outputs. Stored as JSON, versioned.
/// </summary>
public sealed record WorkflowDefinition(
    string? Id,
    string? Name,
    string? Description,
    IReadOnlyList<WorkflowParameter>? Inputs,
    IReadOnlyList<WorkflowParameter>? Outputs,
    IReadOnlyList<WorkflowVariable>? Variables,
    IReadOnlyList<ActivityNode>? Activities,
    IReadOnlyList<Connection>? Connections);

public sealed record WorkflowParameter(string? Name, string? Type, bool Required = false, string? Description = null);

public sealed record WorkflowVariable(string? Name, string? Type, JsonElement? Default = null);

/// <param name="Inputs">Values for the activity's inputs: literals, JavaScript expressions or Liquid templates, as its descriptor says.</param>
/// <param name="Retry">How often and how patiently a failing step is tried again before the instance becomes an incident.</param>
/// <param name="Position">Where the designer draws it.</param>
public sealed record ActivityNode(
    string? Id,
    string? Type,
    string? DisplayName = null,
    IReadOnlyDictionary<string, JsonElement>? Inputs = null,
    RetryPolicy? Retry = null,
    CanvasPosition? Position = null);

public sealed record RetryPolicy(int MaxAttempts = 3, string InitialDelay = "PT2S", double BackoffFactor = 2);

public sealed record CanvasPosition(double X, double Y);

/// <summary>From one activity's outcome to the next activity.</summary>
public sealed record Connection(string? From, string? To, string? Outcome = "done");
