using System.Text.Json.Nodes;

namespace Integration.Portal.Api;

// The connector service's answers, as the Portal reads them (consumer-owned: only what the screens show).

public sealed record ConnectionInfo(string Name, string Kind, string BaseUrl, IReadOnlyList<string> SecretsPresent, int MaxConcurrency, double TimeoutSeconds,
    int MaxRetries, string? ApiUsage);

public sealed record ConnectionTestResult(string Name, bool Ok, int? Status, string Detail);

public sealed record OperationInfo(string Name, string Kind, string Summary, bool Writes, JsonNode InputSchema, JsonNode OutputSchema);

/// <param name="Data">What the event carries (a ticket, a case); null in a listing for people (it names customers).</param>
public sealed record TriggerEventInfo(string Id, string Source, string Type, string Subject, DateTimeOffset Time, JsonNode? Data = null);

/// <param name="View"><c>metadata</c> for people: the events without their data.</param>
public sealed record EventListingInfo(long Pending, int DeadLetters, string View, IReadOnlyList<TriggerEventInfo> Recent);

/// <summary>An event the workflow service refused for good, with its refusal (no data).</summary>
public sealed record DeadLetterInfo(string Id, string EventId, string Source, string Type, string Subject, DateTimeOffset Time, int? Status, string Reason, DateTimeOffset At);
