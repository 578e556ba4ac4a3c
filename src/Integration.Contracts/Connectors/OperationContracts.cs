using System.Text.Json.Nodes;

namespace Integration.Contracts.Connectors;

/// <summary>Where the connector service serves what the workflow service and the SaaS call.</summary>
public static class ConnectorRoutes
{
    public const string InvokeTemplate = "/v1/operations/{operation}/invoke";

    /// <summary>Where a Zendesk account sends its webhooks for a connection.</summary>
    public const string ZendeskWebhookTemplate = "/v1/webhooks/zendesk/{connection}";

    /// <summary>One recent trigger event, whole (role service): what a test run with a sample event starts with.</summary>
    public static string Event(string id) => $"/v1/events/{Uri.EscapeDataString(id)}";

    public static string Invoke(string operation) => InvokeTemplate.Replace("{operation}", Uri.EscapeDataString(operation), StringComparison.Ordinal);

    public static string ZendeskWebhook(string connection) => ZendeskWebhookTemplate.Replace("{connection}", Uri.EscapeDataString(connection), StringComparison.Ordinal);
}

/// <param name="Connection">A named connection; the operation's default when null.</param>
/// <param name="IdempotencyKey">The same for every retry and replay of one step: a write happens once.</param>
public sealed record InvokeRequest(string? Connection, JsonObject? Input, string? IdempotencyKey);

/// <param name="Replayed">True when the key was seen before and this is the first call's result.</param>
public sealed record InvokeResponse(string Operation, string Connection, bool Replayed, JsonNode Output);
