using System.Globalization;
using System.Text.Json;
using Integration.ServiceDefaults.Protection;
using Integration.Workflows.Runtime;
using StackExchange.Redis;

namespace Integration.Workflows.Instances;

/// <summary>What a listing asks for; each filter is optional.</summary>
public sealed record InstanceQuery(string? Workflow, int? Version, InstanceStatus? Status, string? Search, DateTimeOffset? From, DateTimeOffset? To, string? Cursor, int Limit);

/// <summary>
/// The instances by when they started (a Redis sorted set) with a summary of each (a hash), for listing and search. The
/// grain state stays the truth: the summary is written after every checkpoint, fire-and-forget, so a silo that dies may
/// leave one a step behind until the instance's next checkpoint. A summary carries no input, output or subject; it is
/// encrypted at rest all the same, because a business key may name a customer (instance ids hash their key for that reason).
/// </summary>
public sealed class InstanceIndex(IConnectionMultiplexer redis, SensitiveData sensitive)
{
    public const int MaxScan = 10_000;
    private const string ByStart = "workflows:instances";
    private const string Summaries = "workflows:instances:summaries";
    private const int Chunk = 500;

    /// <summary>Records the instance's summary; returns it (for <see cref="IndexKeyAsync"/>, once per activation).</summary>
    public InstanceSummary Record(InstanceState state, DateTimeOffset now)
    {
        var summary = new InstanceSummary(state.Id, state.DefinitionId, state.Version, state.Status, state.BusinessKey, state.StartedAt, now);
        var db = redis.GetDatabase();
        db.SortedSetAdd(ByStart, state.Id, summary.CreatedAt.ToUnixTimeMilliseconds(), CommandFlags.FireAndForget);
        db.HashSet(Summaries, state.Id, sensitive.Protect(JsonSerializer.Serialize(summary, JsonSerializerOptions.Web)), flags: CommandFlags.FireAndForget);
        return summary;
    }

    /// <summary>Newest first. The cursor is the last item's start time and id, so that a page never repeats or skips one started in the same millisecond.</summary>
    public async Task<InstancePage> FindAsync(InstanceQuery query)
    {
        var db = redis.GetDatabase();
        var (cursorScore, cursorId) = ParseCursor(query.Cursor);
        var max = cursorScore ?? query.To?.ToUnixTimeMilliseconds() ?? double.PositiveInfinity;
        var min = query.From?.ToUnixTimeMilliseconds() ?? double.NegativeInfinity;
        var items = new List<InstanceSummary>();
        var scanned = 0;
        long skip = 0;
        (double Score, string Id)? last = null;
        while (items.Count < query.Limit && scanned < MaxScan)
        {
            var entries = await db.SortedSetRangeByScoreWithScoresAsync(ByStart, min, max, Exclude.None, Order.Descending, skip, Chunk);
            if (entries.Length == 0)
            {
                return new InstancePage(items, null, scanned);
            }

            skip += entries.Length;
            var summaries = await db.HashGetAsync(Summaries, [.. entries.Select(e => e.Element)]);
            for (var i = 0; i < entries.Length && items.Count < query.Limit; i++)
            {
                var (score, id) = (entries[i].Score, entries[i].Element.ToString());
                // Same millisecond as the cursor: members come in descending order, those at or above it were on the page before.
                if (score == cursorScore && string.CompareOrdinal(id, cursorId) >= 0)
                {
                    continue;
                }

                scanned++;
                last = (score, id);
                if (Read(summaries[i]) is { } summary && Matches(summary, query))
                {
                    items.Add(summary);
                }
            }

            if (entries.Length < Chunk && items.Count < query.Limit)
            {
                return new InstancePage(items, null, scanned);
            }
        }

        return new InstancePage(items, last is { } l ? $"{l.Score.ToString(CultureInfo.InvariantCulture)}:{l.Id}" : null, scanned);
    }

    private const string ByKey = "workflows:instances:by-key";

    // Each field keeps the newest instance for its key: "{start ms}:{instance id}", replaced only by one started later.
    private const string NewerWins = """
        for i = 3, #ARGV do
          local current = redis.call('HGET', KEYS[1], ARGV[i])
          if not current or tonumber(string.match(current, '^(%d+):')) <= tonumber(ARGV[2]) then
            redis.call('HSET', KEYS[1], ARGV[i], ARGV[1])
          end
        end
        return 0
        """;

    /// <summary>
    /// Makes the instance findable by its business key at any age: exactly, and by each part after a colon (a connector
    /// event's subject <c>ticket:61</c> is found by <c>61</c> too). Fields are hashes: a key may name a customer.
    /// </summary>
    public Task IndexKeyAsync(InstanceSummary summary)
    {
        if (summary.BusinessKey is not { Length: > 0 } key)
        {
            return Task.CompletedTask;
        }

        var start = summary.CreatedAt.ToUnixTimeMilliseconds();
        RedisValue[] args = [$"{start}:{summary.Id}", start, KeyField(summary.DefinitionId, key, exact: true),
            .. Suffixes(key).Select(suffix => (RedisValue)KeyField(summary.DefinitionId, suffix, exact: false))];
        return redis.GetDatabase().ScriptEvaluateAsync(NewerWins, [ByKey], args);
    }

    /// <summary>The newest instance of the workflow with exactly this business key, else the newest whose key ends in <c>:{key}</c>.</summary>
    public async Task<string?> FindByKeyAsync(string definitionId, string key)
    {
        var found = await redis.GetDatabase().HashGetAsync(ByKey, [KeyField(definitionId, key, exact: true), KeyField(definitionId, key, exact: false)]);
        return found.FirstOrDefault(v => v.HasValue) is { HasValue: true } value ? value.ToString().Split(':', 2)[1] : null;
    }

    /// <summary>Indexes every summary kept before the by-key index existed (once; a restart finds it done).</summary>
    public async Task IndexEarlierKeysAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        if (await db.KeyExistsAsync(ByKey + ":filled"))
        {
            return;
        }

        await foreach (var entry in db.HashScanAsync(Summaries, pageSize: Chunk).WithCancellation(cancellationToken))
        {
            if (Read(entry.Value) is { } summary)
            {
                await IndexKeyAsync(summary);
            }
        }

        await db.StringSetAsync(ByKey + ":filled", 1);
    }

    private static IEnumerable<string> Suffixes(string key)
    {
        for (var at = key.IndexOf(':'); at >= 0 && at < key.Length - 1; at = key.IndexOf(':', at + 1))
        {
            yield return key[(at + 1)..];
        }
    }

    private static string KeyField(string definitionId, string key, bool exact) =>
        (exact ? "k:" : "s:") + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{definitionId}\n{key}")))[..32];

    private InstanceSummary? Read(RedisValue value)
    {
        try
        {
            return value.HasValue ? JsonSerializer.Deserialize<InstanceSummary>(sensitive.Unprotect(value.ToString()), JsonSerializerOptions.Web) : null;
        }
        catch (Exception e) when (e is JsonException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public static bool IsCursor(string? cursor) => cursor is null || ParseCursor(cursor).Score is not null;

    private static (double? Score, string? Id) ParseCursor(string? cursor) =>
        cursor?.Split(':', 2) is [var score, { Length: > 0 } id] && long.TryParse(score, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? (ms, id) : (null, null);

    private static bool Matches(InstanceSummary summary, InstanceQuery query) =>
        (query.Workflow is null || summary.DefinitionId == query.Workflow) &&
        (query.Version is null || summary.Version == query.Version) &&
        (query.Status is null || summary.Status == query.Status) &&
        (query.Search is not { Length: > 0 } search || summary.Id.Contains(search, StringComparison.OrdinalIgnoreCase) ||
         summary.BusinessKey?.Contains(search, StringComparison.OrdinalIgnoreCase) == true);
}
