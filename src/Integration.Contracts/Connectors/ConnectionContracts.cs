using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Integration.Contracts.Connectors;

/// <summary>Which SaaS a connection reaches. Named on the wire (the catalog's "kind": "Zendesk").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConnectionKind>))]
public enum ConnectionKind
{
    Zendesk,
    Salesforce,
    Sap,
}

/// <summary>A connection as integrators see it: where it points and which secrets are set (by name, never by value).</summary>
/// <param name="ApiUsage">The SaaS's own count of API calls against its limit, when it reports one (Salesforce: "9/100000").</param>
public sealed record ConnectionView(string Name, ConnectionKind Kind, string BaseUrl, IReadOnlyList<string> SecretsPresent, int MaxConcurrency, double TimeoutSeconds,
    int MaxRetries, string? ApiUsage);

/// <summary>A live test of a connection: a cheap read that needs working credentials.</summary>
public sealed record ConnectionTest(string Name, bool Ok, int? Status, string Detail);

/// <summary>An operation of the catalog: what it does, whether it writes, and the JSON Schemas of its input and output.</summary>
public sealed record OperationDescriptor(string Name, ConnectionKind Kind, string Summary, bool Writes, JsonNode InputSchema, JsonNode OutputSchema);

/// <summary>How much of each event a listing shows: all of it (to the services), or what happened to what and when (to people).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventView>))]
public enum EventView
{
    /// <summary>Every attribute and the data (the workflow service, which starts instances with it).</summary>
    [JsonStringEnumMemberName("whole")]
    Whole,

    /// <summary>Id, source, type, subject and time; no data: a ticket's data names the customer and how to reach them.</summary>
    [JsonStringEnumMemberName("metadata")]
    Metadata,
}

/// <summary>The outbox's most recent trigger events, newest first, how many wait for the workflow service, and how many were refused.</summary>
public sealed record EventListing(long Pending, int DeadLetters, EventView View, IReadOnlyList<Workflows.TriggerEvent> Recent);

/// <summary>An event the workflow service refused for good, as integrators and admins see it (no data), with the refusal.</summary>
public sealed record DeadLetterView(string Id, string EventId, string Source, string Type, string Subject, DateTimeOffset Time, int? Status, string Reason, DateTimeOffset At);

/// <summary>Where the connector service serves its own API (integrators, admins, the Portal).</summary>
public static class ConnectorApiRoutes
{
    public const string Connections = "/v1/connections";
    public const string Catalog = "/v1/catalog";
    public const string Events = "/v1/events";
    public const string DeadLetters = "/v1/events/dead-letters";

    public static string Test(string connection) => $"{Connections}/{Uri.EscapeDataString(connection)}/test";

    public static string Resubmit(string deadLetter) => $"{DeadLetters}/{Uri.EscapeDataString(deadLetter)}/resubmit";

    public static string DeadLetter(string deadLetter) => $"{DeadLetters}/{Uri.EscapeDataString(deadLetter)}";
}
