using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Protection;
using Integration.ServiceDefaults.Redis;
using Integration.Workflows.Runtime;
using StackExchange.Redis;

namespace Integration.Workflows.Triggers;

/// <summary>The instances one accepted trigger event starts: each workflow version and trigger it matched when accepted.</summary>
public sealed record AcceptedTrigger(string EventId, string EventJson, IReadOnlyList<MatchedStart> Starts);

public sealed record MatchedStart(string InstanceId, string DefinitionId, int Version, string TriggerId);

/// <summary>
/// Trigger events the workflow service has accepted and not yet run, in a Redis stream: an event is acknowledged to the
/// connector service as soon as it is here, and taken off only once every instance it starts has started. A silo that
/// dies with an event in hand leaves it to another (claimed after a minute); starting twice is harmless, since an
/// instance's id is derived from the workflow and the event id.
/// </summary>
public sealed class TriggerQueue(IConnectionMultiplexer redis, SensitiveData sensitive)
{
    private readonly RedisStreamQueue _queue = new(redis, "workflows:triggers", "runner", TimeSpan.FromMinutes(1));

    /// <summary>Kept encrypted: an event carries the customer's ticket.</summary>
    public Task AddAsync(AcceptedTrigger trigger) => _queue.AddAsync(sensitive.Protect(JsonSerializer.Serialize(trigger, JsonSerializerOptions.Web)));

    public Task EnsureGroupAsync() => _queue.EnsureGroupAsync();

    public async Task<IReadOnlyList<(RedisValue Id, AcceptedTrigger? Trigger)>> NextAsync(int count) =>
        (await _queue.NextAsync(count)).Select(e => (e.Id, string.IsNullOrEmpty(e.Value) ? null : JsonSerializer.Deserialize<AcceptedTrigger>(sensitive.Unprotect(e.Value), JsonSerializerOptions.Web))).ToList();

    public Task AcknowledgeAsync(RedisValue id) => _queue.AcknowledgeAsync(id);

    /// <summary>
    /// The start of a matched instance. Its business key is what the event is about (its subject: "ticket:61" for a Zendesk
    /// ticket), so that the ticket finds its instance; the instance's id comes from the event id, which keeps a redelivered
    /// event from starting a second one.
    /// </summary>
    public static StartInstance StartOf(AcceptedTrigger trigger, MatchedStart start)
    {
        var triggerEvent = JsonNode.Parse(trigger.EventJson)?.AsObject();
        var key = triggerEvent?["subject"] is JsonValue subject && subject.TryGetValue<string>(out var text) && text.Length > 0 ? text : trigger.EventId;
        return new(start.DefinitionId, start.Version, start.TriggerId, [], triggerEvent, key);
    }
}
