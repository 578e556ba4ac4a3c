using System.Text.Json;
using Integration.ServiceDefaults.Protection;
using Integration.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Integration.Inference.Outbox;

/// <summary>
/// Messages for another service, in a Redis stream written in the same transaction as the change they report (so none is
/// lost between the two services), taken by a consumer group and acknowledged only once delivered (see
/// <see cref="OutboxForwarder{T}"/>). Entries are encrypted: they may carry a person's free text.
/// </summary>
public abstract class RedisOutbox<T>(IConnectionMultiplexer redis, SensitiveData sensitive, string stream) where T : class
{
    private readonly RedisStreamQueue _queue = new(redis, stream, "delivery", TimeSpan.FromMinutes(2));

    public string Stream => stream;

    /// <summary>Adds the message to a transaction the caller executes with its own change.</summary>
    protected void AddTo(ITransaction transaction, T message) =>
        _ = transaction.StreamAddAsync(stream, RedisStreamQueue.Field, sensitive.Protect(JsonSerializer.Serialize(message, JsonSerializerOptions.Web)));

    public Task EnsureGroupAsync() => _queue.EnsureGroupAsync();

    /// <summary>Messages to deliver (see <see cref="RedisStreamQueue.NextAsync"/>); null for an entry that cannot be read.</summary>
    public async Task<IReadOnlyList<(RedisValue Id, T? Message)>> NextAsync(int count) =>
        [.. (await _queue.NextAsync(count)).Select(e => (e.Id, Read(e.Value)))];

    public Task AcknowledgeAsync(RedisValue id) => _queue.AcknowledgeAsync(id);

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
