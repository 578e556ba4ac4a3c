using System.Text.Json;
using Integration.Contracts.Governance;
using Integration.ServiceDefaults.Protection;
using Integration.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Integration.Inference.Audit;

/// <summary>A decision waiting to go to the governance audit, under the key that makes a second delivery add nothing.</summary>
public sealed record PendingAuditReport(string Key, AuditReport Report);

/// <summary>
/// Decisions for the governance audit, in a Redis stream written in the same transaction as the decision's own record
/// (see <see cref="Evaluation.PromotionGate.RecordAsync"/>), so none is lost between the two services; taken by a consumer
/// group and acknowledged only once governance has it. Entries are encrypted: an admin's reason is free text.
/// </summary>
public sealed class AuditOutbox(IConnectionMultiplexer redis, SensitiveData sensitive)
{
    public const string Stream = "inference:audit:outbox";

    private readonly RedisStreamQueue _queue = new(redis, Stream, "governance", TimeSpan.FromMinutes(2));

    /// <summary>Adds the report to a transaction the caller executes with its own record.</summary>
    public void AddTo(ITransaction transaction, AuditReport report) =>
        _ = transaction.StreamAddAsync(Stream, RedisStreamQueue.Field,
            sensitive.Protect(JsonSerializer.Serialize(new PendingAuditReport($"inference:{Guid.NewGuid():N}", report), JsonSerializerOptions.Web)));

    public Task EnsureGroupAsync() => _queue.EnsureGroupAsync();

    /// <summary>Reports to deliver (see <see cref="RedisStreamQueue.NextAsync"/>); null for an entry that cannot be read.</summary>
    public async Task<IReadOnlyList<(RedisValue Id, PendingAuditReport? Report)>> NextAsync(int count) =>
        [.. (await _queue.NextAsync(count)).Select(e => (e.Id, Read(e.Value)))];

    public Task AcknowledgeAsync(RedisValue id) => _queue.AcknowledgeAsync(id);

    public Task<long> PendingAsync() => _queue.PendingAsync();

    private PendingAuditReport? Read(string value)
    {
        try
        {
            return string.IsNullOrEmpty(value) ? null : JsonSerializer.Deserialize<PendingAuditReport>(sensitive.Unprotect(value), JsonSerializerOptions.Web);
        }
        catch (Exception e) when (e is JsonException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
