using Integration.ServiceDefaults.Protection;
using Integration.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Integration.Connectors.Outbox;

/// <summary>
/// Trigger events accepted from webhooks and polling, in a Redis stream, so that none is lost between intake and
/// delivery: an event is acknowledged only once the workflow service has taken it, and one that a process read and
/// could not deliver before it died is claimed by another. Each event id is taken once. Kept encrypted: a ticket's event
/// carries the customer's name and contact details.
/// </summary>
public sealed class EventOutbox(IConnectionMultiplexer redis, Connections.ConnectorOptions options, SensitiveData sensitive)
    : RedisOutbox<TriggerEvent>(redis, sensitive, StreamKey, options.ClaimPendingAfter)
{
    public const string StreamKey = "connectors:events";

    /// <summary>Adds the event unless one with its id was added before; false for a duplicate.</summary>
    public new async Task<bool> AddAsync(TriggerEvent trigger)
    {
        if (!await Database.StringSetAsync($"connectors:event-seen:{trigger.Id}", 1, TimeSpan.FromDays(2), When.NotExists))
        {
            return false;
        }

        await base.AddAsync(trigger);
        return true;
    }

    public new async Task<(IReadOnlyList<TriggerEvent> Recent, long Pending)> RecentAsync(int count) => (await base.RecentAsync(count), await PendingAsync());
}
