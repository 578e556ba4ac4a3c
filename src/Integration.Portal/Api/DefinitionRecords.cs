using System.Text.Json.Nodes;

namespace Integration.Portal.Api;

// The workflow service's records are the shared ones (Integration.Contracts.Workflows). A stored version is the one the
// Portal reads apart: the designer keeps the definition as JSON, so that it sends back exactly what it was given
// (the canvas positions and anything a later service version adds included).

/// <summary>One stored version of a definition, its definition as JSON (the service's <see cref="StoredVersion"/>).</summary>
public sealed record DefinitionVersionView(string Id, int Version, DefinitionStatus Status, JsonObject Definition, string SavedBy, DateTimeOffset SavedAt,
    string? PublishedBy = null, DateTimeOffset? PublishedAt = null);

/// <summary>A definition as <c>GET /v1/definitions/{id}</c> answers: its latest version and its published one.</summary>
public sealed record DefinitionView(string Id, DefinitionVersionView Latest, DefinitionVersionView? Published);
