using System.Globalization;
using System.Text.Json;
using Integration.ServiceDefaults.Protection;
using Integration.Workflows.Runtime;
using StackExchange.Redis;

namespace Integration.Workflows.Instances;

/// <summary>An instance as a list shows it: no inputs or outputs, nothing about the customer.</summary>
public sealed record InstanceSummary(string Id, string DefinitionId, int Version, InstanceStatus Status, string? BusinessKey, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>What a listing asks for; each filter is optional.</summary>
public sealed record InstanceQuery(string? Workflow, int? Version, InstanceStatus? Status, string? Search, DateTimeOffset? From, DateTimeOffset? To, string? Cursor, int Limit);

/// <param name="Next">The cursor for the next (older) page; null on the last.</param>
/// <param name="Scanned">How many instances were looked at to fill the page (a search scans at most <see cref="InstanceIndex.MaxScan"/>, then says where it stopped).</param>
public sealed record InstancePage(IReadOnlyList<InstanceSummary> Items, string? Next, int Scanned);

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

    public void Record(InstanceState state, DateTimeOffset now)
    {
        var summary = new InstanceSummary(state.Id, state.DefinitionId, state.Version, state.Status, state.BusinessKey, state.StartedAt, now);
        var db = redis.GetDatabase();
        db.SortedSetAdd(ByStart, state.Id, summary.CreatedAt.ToUnixTimeMilliseconds(), CommandFlags.FireAndForget);
        db.HashSet(Summaries, state.Id, sensitive.Protect(JsonSerializer.Serialize(summary, JsonSerializerOptions.Web)), flags: CommandFlags.FireAndForget);
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
                if (summaries[i].HasValue && JsonSerializer.Deserialize<InstanceSummary>(sensitive.Unprotect(summaries[i].ToString()), JsonSerializerOptions.Web) is { } summary && Matches(summary, query))
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
