using System.Text.Json.Nodes;

namespace Integration.Portal.Api;

/// <summary>How an activity input's value is read (the workflow service's <c>InputKind</c>).</summary>
public enum ActivityInputKind
{
    Literal,
    Expression,
    Template,
    Cron,
}

public enum DefinitionStatusView
{
    Draft,
    Published,
}

public sealed record ActivityInputView(string Name, string Type, ActivityInputKind Kind, bool Required, string Description, JsonNode? Default = null,
    IReadOnlyList<string>? Choices = null);

public sealed record ActivityOutputView(string Name, string Type, string Description);

/// <summary>An entry of the workflow service's activity catalog: what the designer's palette, node and property form are drawn from.</summary>
public sealed record ActivityDescriptorView(string Type, string Category, string DisplayName, string Description, IReadOnlyList<ActivityInputView> Inputs,
    IReadOnlyList<ActivityOutputView> Outputs, IReadOnlyList<string> Outcomes, bool IsTrigger = false, bool Waits = false, string? DynamicOutcomes = null);

/// <summary>One stored version of a definition; the definition itself stays JSON so that the designer round-trips it exactly.</summary>
public sealed record DefinitionVersionView(string Id, int Version, DefinitionStatusView Status, JsonObject Definition, string SavedBy, DateTimeOffset SavedAt,
    string? PublishedBy = null, DateTimeOffset? PublishedAt = null);

public sealed record DefinitionView(string Id, DefinitionVersionView Latest, DefinitionVersionView? Published);

/// <param name="Version">A version to try, a draft included; the published one when absent.</param>
/// <param name="Event">A sample trigger event to start with (a workflow a connector event starts), instead of an input.</param>
/// <param name="EventId">A recent event by id: the workflow service reads it whole (the Portal never sees its data).</param>
public sealed record StartInstanceRequest(JsonObject? Input, string? BusinessKey, int? Version = null, TriggerEvent? Event = null, string? EventId = null);

public sealed record UnpublishedView(string Id, int Version);
