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
        _ = transaction.StreamAddAsync(stream, RedisStreamQueue.Field, Protect(message));

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
    protected Task AddAsync(T message) => _queue.AddAsync(Protect(message));

    /// <summary>Where messages the target refused for good wait for a person (a hash by entry id).</summary>
    public string DeadLetterKey => stream + ":dead";

    /// <summary>Keeps a refused message (the same entry refused twice, after a crash, is kept once).</summary>
    public Task DeadLetterAsync(RedisValue id, T message, Delivery refusal, DateTimeOffset at) =>
        redis.GetDatabase().HashSetAsync(DeadLetterKey, id, Protect(new DeadLetter<T>(id.ToString(), message, refusal.Status, refusal.Reason ?? "Refused.", at)));

    /// <summary>Every dead letter, oldest first (entry ids grow with time); one that cannot be read is left out.</summary>
    public async Task<IReadOnlyList<DeadLetter<T>>> DeadLettersAsync() =>
        [.. (await redis.GetDatabase().HashGetAllAsync(DeadLetterKey)).Select(e => ReadAs<DeadLetter<T>>(e.Value.ToString())).OfType<DeadLetter<T>>()
            .OrderBy(d => d.Id.Split('-')[0].PadLeft(20, '0'), StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal)];

    public async Task<int> DeadLetterCountAsync() => (int)await redis.GetDatabase().HashLengthAsync(DeadLetterKey);

    public async Task<DeadLetter<T>?> DeadLetterAsync(string id) =>
        await redis.GetDatabase().HashGetAsync(DeadLetterKey, id) is { IsNull: false } value ? ReadAs<DeadLetter<T>>(value.ToString()) : null;

    /// <summary>Puts the dead letter back at the end of the outbox, once (false when there is no such dead letter).</summary>
    public async Task<bool> ResubmitAsync(DeadLetter<T> letter)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        transaction.AddCondition(Condition.HashExists(DeadLetterKey, letter.Id));
        _ = transaction.StreamAddAsync(stream, RedisStreamQueue.Field, Protect(letter.Message));
        _ = transaction.HashDeleteAsync(DeadLetterKey, letter.Id);
        return await transaction.ExecuteAsync();
    }

    /// <summary>Drops the dead letter for good (false when there is no such dead letter).</summary>
    public Task<bool> DiscardAsync(string id) => redis.GetDatabase().HashDeleteAsync(DeadLetterKey, id);

    private string Protect<TValue>(TValue value) => sensitive.Protect(JsonSerializer.Serialize(value, JsonSerializerOptions.Web));

    private TValue? ReadAs<TValue>(string value) where TValue : class
    {
        try
        {
            return string.IsNullOrEmpty(value) ? null : JsonSerializer.Deserialize<TValue>(sensitive.Unprotect(value), JsonSerializerOptions.Web);
        }
        catch (Exception e) when (e is JsonException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private T? Read(string value) => ReadAs<T>(value);
}
