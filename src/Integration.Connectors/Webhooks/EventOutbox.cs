using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// Trigger events accepted from webhooks and polling, in a Redis stream, so that none is lost between intake and
/// delivery: an event is acknowledged only once the workflow service has taken it. Each event id is taken once.
/// </summary>
public sealed class EventOutbox(IConnectionMultiplexer redis)
{
    public const string Stream = "connectors:events";
    public const string Group = "delivery";

    /// <summary>Adds the event unless one with its id was added before; false for a duplicate.</summary>
    public async Task<bool> AddAsync(TriggerEvent trigger)
    {
        var db = redis.GetDatabase();
        if (!await db.StringSetAsync($"connectors:event-seen:{trigger.Id}", 1, TimeSpan.FromDays(2), When.NotExists))
        {
            return false;
        }

        await db.StreamAddAsync(Stream, "event", JsonSerializer.Serialize(trigger));
        return true;
    }

    public async Task EnsureGroupAsync()
    {
        try
        {
            await redis.GetDatabase().StreamCreateConsumerGroupAsync(Stream, Group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException e) when (e.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
        {
            // Created before, by this or another replica.
        }
    }

    /// <summary>This consumer's unacknowledged events first (a delivery that failed before), then new ones.</summary>
    public async Task<IReadOnlyList<(RedisValue Id, TriggerEvent Event)>> NextAsync(string consumer, int count)
    {
        var db = redis.GetDatabase();
        var entries = await db.StreamReadGroupAsync(Stream, Group, consumer, "0", count);
        if (entries.Length == 0)
        {
            entries = await db.StreamReadGroupAsync(Stream, Group, consumer, ">", count);
        }

        return entries.Select(e => (e.Id, JsonSerializer.Deserialize<TriggerEvent>(e["event"].ToString())!)).ToList();
    }

    public Task AcknowledgeAsync(RedisValue id) => redis.GetDatabase().StreamAcknowledgeAsync(Stream, Group, id);

    public async Task<(IReadOnlyList<TriggerEvent> Recent, long Pending)> RecentAsync(int count)
    {
        var db = redis.GetDatabase();
        var entries = await db.StreamRangeAsync(Stream, "-", "+", count, Order.Descending);
        long pending = 0;
        try
        {
            pending = (await db.StreamPendingAsync(Stream, Group)).PendingMessageCount;
        }
        catch (RedisServerException)
        {
            // No delivery group yet: nothing has been read.
        }

        return (entries.Select(e => JsonSerializer.Deserialize<TriggerEvent>(e["event"].ToString())!).ToList(), pending);
    }
}
