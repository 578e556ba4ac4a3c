using System.Text.Json;
using Integration.Inference.Engine;
using Integration.ServiceDefaults.Protection;
using StackExchange.Redis;

namespace Integration.Inference.Datasets;

/// <summary>A golden version frozen from feedback: how big, what it added, from what, by whom.</summary>
public sealed record GoldenVersionSummary(int Version, int Items, int Added, IReadOnlyDictionary<string, int> AddedByLabel, string Provenance, string By, DateTimeOffset At);

/// <summary>A dataset's size and where its items come from.</summary>
public sealed record DatasetSummary(string Name, string? Model, int Items, IReadOnlyDictionary<string, int> Labels, string Provenance);

/// <summary>
/// The datasets models are trained and evaluated on: <c>shipped</c> (the synthetic tickets less the golden set),
/// <c>feedback</c> (per model, what reviewers approved or corrected; kept encrypted), and <c>golden</c>, frozen in Redis
/// the first time it is asked for, so that every version of every model is measured on the same items; later golden
/// versions add reviewed production tickets drawn from feedback (<see cref="FreezeGoldenAsync"/>).
/// </summary>
public sealed class DatasetStore(IConnectionMultiplexer redis, ShippedData shipped, SensitiveData sensitive)
{
    private const string GoldenCurrentKey = "inference:datasets:golden:current";

    private static string GoldenKey(int version) => $"inference:datasets:golden:{version}";

    private static string FeedbackKey(string model) => $"inference:datasets:feedback:{model}";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlyList<DatasetItem>> _golden = new();

    /// <summary>The golden set in force: version 1 (drawn from the shipped tickets) until a newer one is frozen from feedback.</summary>
    public async Task<int> GoldenVersionAsync() => (int?)await redis.GetDatabase().StringGetAsync(GoldenCurrentKey) ?? 1;

    public async Task<IReadOnlyList<DatasetItem>> GoldenAsync() => await GoldenAsync(await GoldenVersionAsync()) ?? [];

    /// <summary>A version of the golden set; null for one never frozen. Versions never change once frozen.</summary>
    public async Task<IReadOnlyList<DatasetItem>?> GoldenAsync(int version)
    {
        if (_golden.TryGetValue(version, out var known))
        {
            return known;
        }

        var db = redis.GetDatabase();
        if (version == 1)
        {
            // Frozen once, by whichever replica asks first; never redrawn, whatever changes in the code or the shipped data.
            await db.StringSetAsync(GoldenKey(1), JsonSerializer.Serialize(GoldenSet.Draw(shipped.TicketItems)), when: When.NotExists);
        }

        var stored = await db.StringGetAsync(GoldenKey(version));
        if (stored.IsNullOrEmpty)
        {
            return null;
        }

        // Versions after the first hold reviewed production tickets: kept encrypted, as feedback is.
        var items = JsonSerializer.Deserialize<List<DatasetItem>>(version == 1 ? stored.ToString() : sensitive.Unprotect(stored.ToString()))!;
        return _golden.GetOrAdd(version, items);
    }

    /// <summary>
    /// Freezes a new golden version: the one in force plus <paramref name="share"/> of each label of a model's feedback items
    /// not in it yet (by a stable hash of their ids), so that every model is measured on what production now looks like.
    /// The items drawn are never trained on from then on (training leaves golden items out). Null when another version was
    /// frozen meanwhile.
    /// </summary>
    public async Task<GoldenVersionSummary?> FreezeGoldenAsync(string model, double share, string by, DateTimeOffset at)
    {
        var current = await GoldenVersionAsync();
        var golden = await GoldenAsync(current) ?? [];
        var ids = golden.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var drawn = (await FeedbackAsync(model)).Where(i => !ids.Contains(i.Id)).GroupBy(i => i.Label).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.OrderBy(i => StableHash.Of(i.Id)).ThenBy(i => i.Id, StringComparer.Ordinal).Take((int)Math.Ceiling(g.Count() * share)))
            .Select(i => i with { Source = $"{DatasetNames.Golden}:{i.Source}" }).ToList();
        var version = current + 1;
        var db = redis.GetDatabase();
        if (!await db.StringSetAsync(GoldenKey(version), sensitive.Protect(JsonSerializer.Serialize(golden.Concat(drawn).ToList())), when: When.NotExists))
        {
            return null;
        }

        await db.StringSetAsync(GoldenCurrentKey, version);
        var summary = new GoldenVersionSummary(version, golden.Count + drawn.Count, drawn.Count,
            drawn.GroupBy(i => i.Label).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            $"version {current} and {share:P0} of each label of {model}'s feedback", by, at);
        await db.ListRightPushAsync("inference:datasets:golden:log", JsonSerializer.Serialize(summary, JsonSerializerOptions.Web));
        return summary;
    }

    /// <summary>Every golden version frozen after the first, oldest first.</summary>
    public async Task<IReadOnlyList<GoldenVersionSummary>> GoldenVersionsAsync() =>
        [.. (await redis.GetDatabase().ListRangeAsync("inference:datasets:golden:log")).Select(v => JsonSerializer.Deserialize<GoldenVersionSummary>(v.ToString(), JsonSerializerOptions.Web)!)];

    /// <summary>"golden" is the version in force, "golden@2" a given one; other names stand for themselves.</summary>
    public async Task<string> ResolveAsync(string name) => name == DatasetNames.Golden ? $"{DatasetNames.Golden}@{await GoldenVersionAsync()}" : name;

    public async Task<IReadOnlyList<DatasetItem>> ShippedAsync()
    {
        var golden = (await GoldenAsync()).Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        return [.. shipped.TicketItems.Where(i => !golden.Contains(i.Id) && !shipped.GoldenLookAlikes.Contains(i.Id))];
    }

    /// <summary>Adds feedback items for a model; an item already there (the same id) is kept as it was. Returns how many were new.</summary>
    public async Task<int> AddFeedbackAsync(string model, IReadOnlyList<DatasetItem> items)
    {
        var db = redis.GetDatabase();
        var added = 0;
        foreach (var item in items)
        {
            added += await db.HashSetAsync(FeedbackKey(model), item.Id, sensitive.Protect(JsonSerializer.Serialize(item)), When.NotExists) ? 1 : 0;
        }

        return added;
    }

    /// <summary>How many feedback items a model has, without reading (or decrypting) them.</summary>
    public Task<long> FeedbackCountAsync(string model) => redis.GetDatabase().HashLengthAsync(FeedbackKey(model));

    public async Task<IReadOnlyList<DatasetItem>> FeedbackAsync(string model) =>
        [.. (await redis.GetDatabase().HashValuesAsync(FeedbackKey(model)))
            .Select(v => JsonSerializer.Deserialize<DatasetItem>(sensitive.Unprotect(v.ToString()))!)
            .OrderBy(i => i.Id, StringComparer.Ordinal)];

    /// <summary>A named dataset for a model (golden: the version in force, or golden@N); null for a name there is none of.</summary>
    public async Task<IReadOnlyList<DatasetItem>?> ItemsAsync(string name, string model) => name switch
    {
        DatasetNames.Shipped => await ShippedAsync(),
        DatasetNames.Feedback => await FeedbackAsync(model),
        DatasetNames.Golden => await GoldenAsync(),
        _ when name.StartsWith($"{DatasetNames.Golden}@", StringComparison.Ordinal) && int.TryParse(name[(DatasetNames.Golden.Length + 1)..], out var version) =>
            await GoldenAsync(version),
        _ => null,
    };

    public async Task<IReadOnlyList<DatasetSummary>> SummariesAsync(string model) =>
    [
        Summary(DatasetNames.Shipped, null, await ShippedAsync(), $"{ShippedData.TicketsFile}, less the golden set and {shipped.GoldenLookAlikes.Count} look-alikes of its items"),
        Summary(DatasetNames.Feedback, model, await FeedbackAsync(model), "approved and corrected outcomes of the workflows' gates"),
        Summary(DatasetNames.Golden, null, await GoldenAsync(), await GoldenVersionAsync() is var version && version == 1
            ? $"version 1, frozen: {GoldenSet.Share:P0} of each label of {ShippedData.TicketsFile}, never trained on"
            : $"version {version}, frozen: version 1 and reviewed production tickets drawn from feedback (GET /v1/datasets/golden), never trained on"),
    ];

    private static DatasetSummary Summary(string name, string? model, IReadOnlyList<DatasetItem> items, string provenance) =>
        new(name, model, items.Count, items.GroupBy(i => i.Label).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()), provenance);
}
