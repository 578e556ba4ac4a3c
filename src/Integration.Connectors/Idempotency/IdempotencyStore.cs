using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Protection;
using StackExchange.Redis;

namespace Integration.Connectors.Idempotency;

public enum ClaimOutcome
{
    /// <summary>First time: go ahead, then record the result.</summary>
    Claimed,

    /// <summary>Done before: here is the first result.</summary>
    Completed,

    /// <summary>Another call with this key is running now.</summary>
    InProgress,

    /// <summary>The key was used before for a different operation or input.</summary>
    Mismatch,

    /// <summary>The first call failed in a way that leaves open whether the SaaS carried it out.</summary>
    Unknown,
}

/// <summary>
/// Idempotency keys in Redis: the first call claims the key, runs and stores its result; a repeat gets that
/// result without touching the SaaS. A call the SaaS refused gives the key back, so that a retry may run; a write
/// that failed without a clear answer (a timeout, a 5xx) keeps the key as "unknown", so that no retry can do it twice,
/// and so does a claim older than any call can take (the process that made it died mid-call).
/// </summary>
public sealed class IdempotencyStore(IConnectionMultiplexer redis, TimeProvider time, SensitiveData sensitive)
{
    /// <summary>Longer than any call with its retries can take: a claim this old was left by a process that died.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(3);

    private static string Key(string key) => $"connectors:idempotency:{key}";

    public static string Fingerprint(string operation, string connection, JsonObject input) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{operation}\n{connection}\n{input.ToJsonString()}")));

    public async Task<(ClaimOutcome Outcome, JsonNode? Result)> ClaimAsync(string key, string fingerprint, TimeSpan window)
    {
        var db = redis.GetDatabase();
        var claim = JsonSerializer.Serialize(new Entry(fingerprint, null, ClaimedAt: time.GetUtcNow()));
        if (await db.StringSetAsync(Key(key), claim, window, When.NotExists))
        {
            return (ClaimOutcome.Claimed, null);
        }

        var stored = await db.StringGetAsync(Key(key));
        if (stored.IsNullOrEmpty)
        {
            return await ClaimAsync(key, fingerprint, window); // expired between the two calls
        }

        var entry = JsonSerializer.Deserialize<Entry>(stored.ToString())!;
        return entry.Fingerprint != fingerprint ? (ClaimOutcome.Mismatch, null)
            : entry.Unknown ? (ClaimOutcome.Unknown, null)
            : entry.Result is null && entry.ClaimedAt + ClaimLease < time.GetUtcNow() ? (ClaimOutcome.Unknown, null)
            : entry.Result is null ? (ClaimOutcome.InProgress, null)
            : (ClaimOutcome.Completed, JsonNode.Parse(sensitive.Unprotect(entry.Result!)));
    }

    /// <summary>The result a repeat gets back, encrypted: a SaaS answer (a ticket, a case) is about a customer.</summary>
    public Task CompleteAsync(string key, string fingerprint, JsonNode result, TimeSpan window) =>
        redis.GetDatabase().StringSetAsync(Key(key), JsonSerializer.Serialize(new Entry(fingerprint, sensitive.Protect(result.ToJsonString()))), window);

    public Task ReleaseAsync(string key) => redis.GetDatabase().KeyDeleteAsync(Key(key));

    public Task MarkUnknownAsync(string key, string fingerprint, TimeSpan window) =>
        redis.GetDatabase().StringSetAsync(Key(key), JsonSerializer.Serialize(new Entry(fingerprint, null, Unknown: true)), window);

    private sealed record Entry(string Fingerprint, string? Result, bool Unknown = false, DateTimeOffset ClaimedAt = default);
}
