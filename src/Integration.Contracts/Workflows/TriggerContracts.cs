using System.Text.Json.Nodes;

namespace Integration.Contracts.Workflows;

/// <summary>Where the workflow service takes trigger events (role service).</summary>
public static class WorkflowRoutes
{
    public const string TriggerEvents = "/v1/triggers/events";
}

/// <summary>A change in a SaaS, as the workflow service receives it (CloudEvents' attribute names).</summary>
/// <param name="Source">Where it happened: <c>zendesk:{connection}</c>, <c>salesforce:{connection}</c>, <c>sap:{connection}</c>.</param>
/// <param name="Type">What happened, e.g. <c>zendesk.ticket.created</c>, <c>salesforce.case.changed</c>.</param>
/// <param name="Subject">What it happened to, e.g. <c>ticket:123</c>.</param>
public sealed record TriggerEvent(string Id, string Source, string Type, string Subject, DateTimeOffset Time, JsonNode? Data);

/// <summary>The answer to a trigger event (202): accepted durably; the instances it starts run after.</summary>
public sealed record TriggerAccepted(IReadOnlyList<string> Started);
