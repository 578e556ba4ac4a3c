using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace Integration.Sandbox.Store;

/// <summary>
/// The stand-ins' records in Redis, so that they survive a restart: one hash per table (id → JSON), a sorted set that
/// keeps insertion order (score = sequence number) for stable paging, and a change feed (one entry per record, scored
/// by the sequence number of its latest write) for incremental exports.
/// </summary>
public sealed class EntityStore(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    private static string Records(string table) => $"sandbox:{table}";

    private static string Order(string table) => $"sandbox:{table}:order";

    private static string Counter(string name) => $"sandbox:counter:{name}";

    private static string Changes(string table) => $"sandbox:{table}:changes";

    public async Task<JsonObject?> GetAsync(string table, string id)
    {
        var json = await Db.HashGetAsync(Records(table), id);
        return json.IsNullOrEmpty ? null : JsonNode.Parse(json.ToString())!.AsObject();
    }

    /// <summary>Stores a record; a new one goes to the end of the table's order.</summary>
    public async Task PutAsync(string table, string id, JsonObject record)
    {
        var sequence = await Db.SortedSetScoreAsync(Order(table), id) ?? await NextAsync($"{table}:sequence");
        var change = await NextAsync($"{table}:change");
        var transaction = Db.CreateTransaction();
        _ = transaction.HashSetAsync(Records(table), id, record.ToJsonString());
        _ = transaction.SortedSetAddAsync(Order(table), id, sequence);
        _ = transaction.SortedSetAddAsync(Changes(table), id, change);
        await transaction.ExecuteAsync();
    }

    public async Task PutManyAsync(string table, IReadOnlyList<(string Id, JsonObject Record)> records)
    {
        var last = await Db.StringIncrementAsync(Counter($"{table}:sequence"), records.Count);
        var first = last - records.Count + 1;
        var lastChange = await Db.StringIncrementAsync(Counter($"{table}:change"), records.Count);
        var firstChange = lastChange - records.Count + 1;
        var batch = Db.CreateBatch();
        var writes = new List<Task>
        {
            batch.HashSetAsync(Records(table), records.Select(r => new HashEntry(r.Id, r.Record.ToJsonString())).ToArray()),
            batch.SortedSetAddAsync(Order(table), records.Select((r, i) => new SortedSetEntry(r.Id, first + i)).ToArray()),
            batch.SortedSetAddAsync(Changes(table), records.Select((r, i) => new SortedSetEntry(r.Id, firstChange + i)).ToArray()),
        };
        batch.Execute();
        await Task.WhenAll(writes);
    }

    public async Task<bool> DeleteAsync(string table, string id)
    {
        var transaction = Db.CreateTransaction();
        var deleted = transaction.HashDeleteAsync(Records(table), id);
        _ = transaction.SortedSetRemoveAsync(Order(table), id);
        _ = transaction.SortedSetRemoveAsync(Changes(table), id);
        await transaction.ExecuteAsync();
        return await deleted;
    }

    public Task<long> NextAsync(string counter) => Db.StringIncrementAsync(Counter(counter));

    public async Task<long> CountAsync(string table) => await Db.SortedSetLengthAsync(Order(table));

    /// <summary>Up to <paramref name="count"/> records after position <paramref name="after"/> (a sequence number; 0 = from the start).</summary>
    public async Task<IReadOnlyList<(long Sequence, JsonObject Record)>> PageAsync(string table, long after, int count, bool descending = false)
    {
        var entries = descending
            ? await Db.SortedSetRangeByScoreWithScoresAsync(Order(table), double.NegativeInfinity, after <= 0 ? double.PositiveInfinity : after,
                Exclude.Stop, StackExchange.Redis.Order.Descending, 0, count)
            : await Db.SortedSetRangeByScoreWithScoresAsync(Order(table), after, double.PositiveInfinity, Exclude.Start, StackExchange.Redis.Order.Ascending, 0, count);
        if (entries.Length == 0)
        {
            return [];
        }

        var values = await Db.HashGetAsync(Records(table), entries.Select(e => e.Element).ToArray());
        return entries.Zip(values).Where(p => !p.Second.IsNullOrEmpty)
            .Select(p => ((long)p.First.Score, JsonNode.Parse(p.Second.ToString())!.AsObject())).ToList();
    }

    /// <summary>Up to <paramref name="count"/> records changed after change number <paramref name="after"/>, each at its latest change, oldest first.</summary>
    public async Task<IReadOnlyList<(long Change, JsonObject Record)>> ChangedAfterAsync(string table, long after, int count)
    {
        var entries = await Db.SortedSetRangeByScoreWithScoresAsync(Changes(table), after, double.PositiveInfinity, Exclude.Start,
            StackExchange.Redis.Order.Ascending, 0, count);
        if (entries.Length == 0)
        {
            return [];
        }

        var values = await Db.HashGetAsync(Records(table), entries.Select(e => e.Element).ToArray());
        return entries.Zip(values).Where(p => !p.Second.IsNullOrEmpty)
            .Select(p => ((long)p.First.Score, JsonNode.Parse(p.Second.ToString())!.AsObject())).ToList();
    }

    /// <summary>
    /// The change number just before the first change whose record satisfies <paramref name="atOrAfter"/> (0 when that
    /// is the first): a binary search over the feed, which is in time order, for "changed since a time".
    /// </summary>
    public async Task<long> ChangeBeforeAsync(string table, Func<JsonObject, bool> atOrAfter)
    {
        var (low, high) = (0L, await Db.SortedSetLengthAsync(Changes(table)));
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            var entry = await Db.SortedSetRangeByRankAsync(Changes(table), middle, middle);
            if (entry.Length == 0 || await GetAsync(table, entry[0].ToString()) is not { } record || atOrAfter(record))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low == 0 ? 0 : (long)(await Db.SortedSetRangeByRankWithScoresAsync(Changes(table), low - 1, low - 1))[0].Score;
    }

    /// <summary>Every record in insertion order: for filters (search, SOQL WHERE, $filter) over tables of seeded size.</summary>
    public async Task<IReadOnlyList<JsonObject>> AllAsync(string table)
    {
        var ids = await Db.SortedSetRangeByRankAsync(Order(table));
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await Db.HashGetAsync(Records(table), ids);
        return values.Where(v => !v.IsNullOrEmpty).Select(v => JsonNode.Parse(v.ToString())!.AsObject()).ToList();
    }

    /// <summary>Remembers a value under a key for a while; false when the key was already taken (its value is returned).</summary>
    public async Task<(bool First, string Value)> RememberAsync(string key, string value, TimeSpan lifetime)
    {
        var db = Db;
        if (await db.StringSetAsync($"sandbox:{key}", value, lifetime, When.NotExists))
        {
            return (true, value);
        }

        return (false, (await db.StringGetAsync($"sandbox:{key}")).ToString());
    }

    public async Task<string?> RecallAsync(string key) => (await Db.StringGetAsync($"sandbox:{key}")) is { IsNullOrEmpty: false } v ? v.ToString() : null;

    public Task ForgetAsync(string key) => Db.KeyDeleteAsync($"sandbox:{key}");

    public Task PushAsync(string list, string value) => Db.ListRightPushAsync($"sandbox:{list}", value);

    public async Task<IReadOnlyList<string>> ListAsync(string list) =>
        (await Db.ListRangeAsync($"sandbox:{list}")).Select(v => v.ToString()).ToList();
}
