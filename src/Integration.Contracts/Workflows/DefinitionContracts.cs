using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace Integration.Contracts.Workflows;

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

[JsonConverter(typeof(JsonStringEnumConverter<DefinitionStatus>))]
public enum DefinitionStatus
{
    Draft,
    Published,
}

public sealed record StoredVersion(string Id, int Version, DefinitionStatus Status, WorkflowDefinition Definition, string SavedBy, DateTimeOffset SavedAt,
    string? PublishedBy = null, DateTimeOffset? PublishedAt = null);

public sealed record DefinitionSummary(string Id, string? Name, int LatestVersion, int? PublishedVersion);

public sealed record ValidationError(string Path, string Message);

public sealed record ValidationReport(bool Valid, IReadOnlyList<ValidationError> Errors);

/// <summary>A workflow no version of which serves any more; <see cref="Version"/> is the one that did.</summary>
public sealed record Unpublished(string Id, int Version);

/// <param name="Version">A version to try, a draft included (the designer's test runs); the published one when absent.</param>
/// <param name="Event">
/// A trigger event to start with instead of an input (a test run of a workflow a connector event starts, with a sample
/// event such as a recent Sandbox ticket's): the instance starts at the connector-event trigger of its type.
/// </param>
/// <param name="EventId">
/// A recent event by its id instead (the connector service's listing shows people its metadata only): the workflow service
/// reads it whole from the connector service and starts with it as with <paramref name="Event"/>.
/// </param>
public sealed record StartRequest(JsonObject? Input, string? BusinessKey, int? Version = null, TriggerEvent? Event = null, string? EventId = null);
