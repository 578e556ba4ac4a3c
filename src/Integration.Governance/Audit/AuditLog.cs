using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace Integration.Governance.Audit;

/// <summary>The first entry whose link does not hold, or none.</summary>

/// <summary>
/// An append-only, hash-chained log in a Redis stream. Appends are serialized by an optimistic
/// transaction on the chain head, so concurrent writers can never fork the chain.
/// </summary>
public sealed class AuditLog(IConnectionMultiplexer redis, TimeProvider time) : IDisposable
{
    // Writers in this process take turns, so they never race each other for the head; only writers in
    // other processes (replicas) can, and then the transaction below makes the loser build on the winner.
    private readonly SemaphoreSlim _turn = new(1, 1);

    public const string StreamKey = "governance:audit";
    public const string HeadKey = "governance:audit:head";
    private const string EntryField = "entry";

    /// <summary>How long a reported event's idempotency key is remembered: far longer than any reporter retries.</summary>
    public static readonly TimeSpan ReportKeysKept = TimeSpan.FromDays(30);

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent) => (await AppendOnceAsync(auditEvent, idempotencyKey: null)).Entry!;

    /// <summary>
    /// Appends the event unless one with the same idempotency key was appended before (then nothing is added, and the
    /// earlier entry's place is returned): a service that reports again after a lost answer never doubles an entry.
    /// </summary>
    public async Task<(AuditEntry? Entry, long Sequence, string Hash)> AppendOnceAsync(AuditEvent auditEvent, string? idempotencyKey)
    {
        await _turn.WaitAsync();
        try
        {
            return await AppendInTurnAsync(auditEvent, idempotencyKey is null ? null : ReportKeyPrefix + idempotencyKey);
        }
        finally
        {
            _turn.Release();
        }
    }

    private const string ReportKeyPrefix = "governance:audit:reported:";

    public void Dispose() => _turn.Dispose();

    private async Task<(AuditEntry? Entry, long Sequence, string Hash)> AppendInTurnAsync(AuditEvent auditEvent, string? reportKey)
    {
        var db = redis.GetDatabase();
        for (var attempt = 0; ; attempt++)
        {
            if (reportKey is not null && ParseHeadOrNull(await db.StringGetAsync(reportKey)) is { } earlier)
            {
                return (null, earlier.Sequence, earlier.Hash);
            }

            var head = await db.StringGetAsync(HeadKey);
            var (sequence, previousHash) = ParseHead(head);
            var entry = AuditChain.Create(sequence + 1, time.GetUtcNow(), auditEvent, previousHash);

            var transaction = db.CreateTransaction();
            transaction.AddCondition(head.IsNull ? Condition.KeyNotExists(HeadKey) : Condition.StringEqual(HeadKey, head));
            if (reportKey is not null)
            {
                // The key and the entry are written together: a report is in the chain exactly when its key is taken.
                transaction.AddCondition(Condition.KeyNotExists(reportKey));
                _ = transaction.StringSetAsync(reportKey, $"{entry.Sequence}:{entry.Hash}", ReportKeysKept);
            }

            _ = transaction.StreamAddAsync(StreamKey, EntryField, entry.ToJson());
            _ = transaction.StringSetAsync(HeadKey, $"{entry.Sequence}:{entry.Hash}");
            if (await transaction.ExecuteAsync())
            {
                return (entry, entry.Sequence, entry.Hash);
            }

            // Another process appended first (perhaps this very report): look again, then build on its entry. Bounded so a
            // stuck head cannot spin forever.
            if (attempt == 1000)
            {
                throw new InvalidOperationException("The audit log head kept changing; the entry was not written.");
            }
        }
    }

    /// <summary>Walks the whole chain: every hash recomputed, every link and sequence number checked, and the head.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var expectedPrevious = AuditChain.GenesisHash;
        var expectedSequence = 1L;
        await foreach (var (id, entry) in ReadAsync(cancellationToken))
        {
            string? reason = null;
            if (entry is null)
            {
                reason = "the entry cannot be read";
            }
            else if (entry.Sequence != expectedSequence)
            {
                reason = $"expected entry {expectedSequence}, found {entry.Sequence} (an entry is missing or out of place)";
            }
            else if (entry.PreviousHash != expectedPrevious)
            {
                reason = "its link to the previous entry does not match";
            }
            else if (entry.Hash != AuditChain.ComputeHash(entry.Sequence, entry.At, entry.Event, entry.PreviousHash))
            {
                reason = "its content does not match its hash";
            }

            if (reason is not null)
            {
                return new AuditVerification(false, expectedSequence - 1, entry?.Sequence ?? expectedSequence, id, reason);
            }

            expectedPrevious = entry!.Hash;
            expectedSequence++;
        }

        // Entries cut off the end leave the head pointing past the last one.
        var head = ParseHead(await redis.GetDatabase().StringGetAsync(HeadKey));
        return head.Sequence == expectedSequence - 1 && head.Hash == expectedPrevious
            ? new AuditVerification(true, expectedSequence - 1, null, null, null)
            : new AuditVerification(false, expectedSequence - 1, expectedSequence, null, $"the log ends at entry {expectedSequence - 1} but its head says {head.Sequence}");
    }

    /// <summary>Every entry in order, read from Redis a page at a time.</summary>
    public async IAsyncEnumerable<(string StreamId, AuditEntry? Entry)> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        RedisValue from = "-";
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await db.StreamRangeAsync(StreamKey, from, "+", count: 500);
            foreach (var item in page)
            {
                yield return (item.Id!, TryParse(item[EntryField]));
            }

            if (page.Length < 500)
            {
                yield break;
            }

            from = "(" + page[^1].Id;
        }
    }

    /// <summary>Entries newest first, from before a stream id (the listing's cursor) or from the end, a page at a time.</summary>
    public async IAsyncEnumerable<(string StreamId, AuditEntry? Entry)> ReadBackwardsAsync(string? before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        RedisValue to = before is null ? "+" : "(" + before;
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await db.StreamRangeAsync(StreamKey, "-", to, count: 500, messageOrder: Order.Descending);
            foreach (var item in page)
            {
                yield return (item.Id!, TryParse(item[EntryField]));
            }

            if (page.Length < 500)
            {
                yield break;
            }

            to = "(" + page[^1].Id;
        }
    }

    private static AuditEntry? TryParse(RedisValue value)
    {
        try
        {
            return value.IsNullOrEmpty ? null : AuditChain.FromJson(value!);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static (long Sequence, string Hash) ParseHead(RedisValue head) => ParseHeadOrNull(head) ?? (0, AuditChain.GenesisHash);

    private static (long Sequence, string Hash)? ParseHeadOrNull(RedisValue head)
    {
        if (head.IsNullOrEmpty)
        {
            return null;
        }

        var text = head.ToString();
        var separator = text.IndexOf(':');
        return (long.Parse(text[..separator], System.Globalization.CultureInfo.InvariantCulture), text[(separator + 1)..]);
    }
}
