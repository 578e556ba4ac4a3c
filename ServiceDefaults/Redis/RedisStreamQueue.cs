using StackExchange.Redis;

namespace Integration.ServiceDefaults.Redis;

/// <summary>
/// Work accepted durably in a Redis stream and taken by a consumer group, at least once: an entry stays pending until
/// its consumer acknowledges it; a consumer takes its own pending entries again first (a delivery that failed), then
/// entries another consumer left pending longer than <paramref name="claimAfter"/> (that process died), then new ones.
/// Consumers make each entry's effect idempotent, so a second delivery changes nothing.
/// </summary>
public sealed class RedisStreamQueue(IConnectionMultiplexer redis, string stream, string group, TimeSpan claimAfter)
{
    public const string Field = "entry";

    /// <summary>One name per process: entries a dead process left pending are claimed by name from it.</summary>
    public static string ConsumerName { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public string Stream => stream;

    public Task<RedisValue> AddAsync(string value) => redis.GetDatabase().StreamAddAsync(stream, Field, value);

    public async Task EnsureGroupAsync()
    {
        try
        {
            await redis.GetDatabase().StreamCreateConsumerGroupAsync(stream, group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException e) when (e.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
        {
            // Created before, by this or another replica.
        }
    }

    public async Task<IReadOnlyList<(RedisValue Id, string Value)>> NextAsync(int count)
    {
        var db = redis.GetDatabase();
        var entries = await db.StreamReadGroupAsync(stream, group, ConsumerName, "0", count);
        if (entries.Length == 0)
        {
            entries = (await db.StreamAutoClaimAsync(stream, group, ConsumerName, (long)claimAfter.TotalMilliseconds, "0-0", count)).ClaimedEntries;
        }

        if (entries.Length == 0)
        {
            entries = await db.StreamReadGroupAsync(stream, group, ConsumerName, ">", count);
        }

        // An entry whose value is gone (trimmed) cannot be delivered; it is acknowledged by the caller like any other.
        return entries.Select(e => (e.Id, ValueOf(e))).ToList();
    }

    /// <summary>The entry's value; an entry written by an earlier version under another field name is read too.</summary>
    public static string ValueOf(StreamEntry entry) =>
        (entry[Field] is { IsNull: false } value ? value : entry.Values.FirstOrDefault().Value).ToString();

    public Task AcknowledgeAsync(RedisValue id) => redis.GetDatabase().StreamAcknowledgeAsync(stream, group, id);

    /// <summary>Entries read by some consumer and not acknowledged yet; 0 before the group exists.</summary>
    public async Task<long> PendingAsync()
    {
        try
        {
            return (await redis.GetDatabase().StreamPendingAsync(stream, group)).PendingMessageCount;
        }
        catch (RedisServerException)
        {
            return 0;
        }
    }
}
