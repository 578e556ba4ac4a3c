using System.Text.Json.Nodes;

namespace Integration.Connectors.Webhooks;

/// <summary>A change in a SaaS, as the workflow service receives it (CloudEvents' attribute names).</summary>
/// <param name="Source">Where it happened: <c>zendesk:{connection}</c>, <c>salesforce:{connection}</c>, <c>sap:{connection}</c>.</param>
/// <param name="Type">What happened, e.g. <c>zendesk.ticket.created</c>, <c>salesforce.case.changed</c>.</param>
/// <param name="Subject">What it happened to, e.g. <c>ticket:123</c>.</param>
public sealed record TriggerEvent(string Id, string Source, string Type, string Subject, DateTimeOffset Time, JsonNode? Data);
