using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Protection;
using Integration.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Integration.Connectors.Outbox;

/// <summary>
/// Trigger events accepted from webhooks and polling, in a Redis stream, so that none is lost between intake and
/// delivery: an event is acknowledged only once the workflow service has taken it, and one that a process read and
/// could not deliver before it died is claimed by another. Each event id is taken once.
/// </summary>
public sealed class EventOutbox(IConnectionMultiplexer redis, Connections.ConnectorOptions options, SensitiveData sensitive)
{
    public const string Stream = "connectors:events";

    /// <summary>A delivery in flight takes at most the events target's timeout; an entry pending far longer was left by a process that died.</summary>
    private readonly RedisStreamQueue _queue = new(redis, Stream, "delivery", options.ClaimPendingAfter);

    /// <summary>Adds the event unless one with its id was added before; false for a duplicate.</summary>
    public async Task<bool> AddAsync(TriggerEvent trigger)
    {
        if (!await redis.GetDatabase().StringSetAsync($"connectors:event-seen:{trigger.Id}", 1, TimeSpan.FromDays(2), When.NotExists))
        {
            return false;
        }

        // Kept encrypted: a ticket's event carries the customer's name and contact details.
        await _queue.AddAsync(sensitive.Protect(JsonSerializer.Serialize(trigger)));
        return true;
    }

    public Task EnsureGroupAsync() => _queue.EnsureGroupAsync();

    /// <summary>Events to deliver: this process's unacknowledged ones first, then those a dead process left, then new ones.</summary>
    public async Task<IReadOnlyList<(RedisValue Id, TriggerEvent? Event)>> NextAsync(int count) =>
        (await _queue.NextAsync(count)).Select(e => (e.Id, string.IsNullOrEmpty(e.Value) ? null : JsonSerializer.Deserialize<TriggerEvent>(sensitive.Unprotect(e.Value)))).ToList();

    public Task AcknowledgeAsync(RedisValue id) => _queue.AcknowledgeAsync(id);

    public async Task<(IReadOnlyList<TriggerEvent> Recent, long Pending)> RecentAsync(int count)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(Stream, "-", "+", count, Order.Descending);
        return (entries.Select(Read).OfType<TriggerEvent>().ToList(), await _queue.PendingAsync());
    }

    /// <summary>An entry as an event; null (left out of a listing) when it cannot be read.</summary>
    private TriggerEvent? Read(StreamEntry entry)
    {
        try
        {
            return JsonSerializer.Deserialize<TriggerEvent>(sensitive.Unprotect(RedisStreamQueue.ValueOf(entry)));
        }
        catch (Exception e) when (e is JsonException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
