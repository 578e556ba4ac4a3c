using System.Text.Json;
using Integration.ServiceDefaults.Protection;
using StackExchange.Redis;

namespace Integration.ServiceDefaults.Redis;

/// <summary>
/// Messages for another service, in a Redis stream written in the same transaction as the change they report (so none is
/// lost between the two services), taken by a consumer group and acknowledged only once delivered (see
/// <see cref="OutboxForwarder{T}"/>). Entries are encrypted: they may carry a person's data.
/// </summary>
/// <param name="claimAfter">A delivery in flight takes at most this long; an entry pending far longer was left by a process that died.</param>
public abstract class RedisOutbox<T>(IConnectionMultiplexer redis, SensitiveData sensitive, string stream, TimeSpan? claimAfter = null) where T : class
{
    private readonly RedisStreamQueue _queue = new(redis, stream, "delivery", claimAfter ?? TimeSpan.FromMinutes(2));

    public string Stream => stream;

    protected IDatabase Database => redis.GetDatabase();

    /// <summary>Adds the message to a transaction the caller executes with its own change.</summary>
    protected void AddTo(ITransaction transaction, T message) =>
        _ = transaction.StreamAddAsync(stream, RedisStreamQueue.Field, sensitive.Protect(JsonSerializer.Serialize(message, JsonSerializerOptions.Web)));

    public Task EnsureGroupAsync() => _queue.EnsureGroupAsync();

    /// <summary>Messages to deliver (see <see cref="RedisStreamQueue.NextAsync"/>); null for an entry that cannot be read.</summary>
    public async Task<IReadOnlyList<(RedisValue Id, T? Message)>> NextAsync(int count) =>
        [.. (await _queue.NextAsync(count)).Select(e => (e.Id, Read(e.Value)))];

    public Task AcknowledgeAsync(RedisValue id) => _queue.AcknowledgeAsync(id);

    /// <summary>Entries read by a deliverer and not acknowledged yet.</summary>
    public Task<long> PendingAsync() => _queue.PendingAsync();

    /// <summary>The newest messages, delivered or not (one that cannot be read is left out).</summary>
    public async Task<IReadOnlyList<T>> RecentAsync(int count) =>
        [.. (await redis.GetDatabase().StreamRangeAsync(stream, "-", "+", count, Order.Descending)).Select(e => Read(RedisStreamQueue.ValueOf(e))).OfType<T>()];

    /// <summary>Adds the message on its own (when nothing else is written with it).</summary>
    protected Task AddAsync(T message) => _queue.AddAsync(sensitive.Protect(JsonSerializer.Serialize(message, JsonSerializerOptions.Web)));

    private T? Read(string value)
    {
        try
        {
            return string.IsNullOrEmpty(value) ? null : JsonSerializer.Deserialize<T>(sensitive.Unprotect(value), JsonSerializerOptions.Web);
        }
        catch (Exception e) when (e is JsonException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
