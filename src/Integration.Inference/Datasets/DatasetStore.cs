using System.Text.Json;
using Integration.Inference.Engine;
using Integration.ServiceDefaults.Protection;
using StackExchange.Redis;

namespace Integration.Inference.Datasets;

/// <summary>A dataset's size and where its items come from.</summary>
public sealed record DatasetSummary(string Name, string? Model, int Items, IReadOnlyDictionary<string, int> Labels, string Provenance);

/// <summary>
/// The datasets models are trained and evaluated on: <c>shipped</c> (the synthetic tickets less the golden set),
/// <c>feedback</c> (per model, what reviewers approved or corrected; kept encrypted), and <c>golden</c>, frozen in Redis
/// the first time it is asked for, so that every version of every model is measured on the same items.
/// </summary>
public sealed class DatasetStore(IConnectionMultiplexer redis, ShippedData shipped, SensitiveData sensitive)
{
    public const int GoldenVersion = 1;
    private static string GoldenKey => $"inference:datasets:golden:{GoldenVersion}";

    private static string FeedbackKey(string model) => $"inference:datasets:feedback:{model}";

    private IReadOnlyList<DatasetItem>? _golden;

    public async Task<IReadOnlyList<DatasetItem>> GoldenAsync()
    {
        if (_golden is { } known)
        {
            return known;
        }

        var db = redis.GetDatabase();
        // Frozen once, by whichever replica asks first; never redrawn, whatever changes in the code or the shipped data.
        await db.StringSetAsync(GoldenKey, JsonSerializer.Serialize(GoldenSet.Draw(shipped.TicketItems)), when: When.NotExists);
        return _golden = JsonSerializer.Deserialize<List<DatasetItem>>((await db.StringGetAsync(GoldenKey)).ToString())!;
    }

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

    /// <summary>A named dataset for a model; null for a name there is none of.</summary>
    public async Task<IReadOnlyList<DatasetItem>?> ItemsAsync(string name, string model) => name switch
    {
        DatasetNames.Shipped => await ShippedAsync(),
        DatasetNames.Feedback => await FeedbackAsync(model),
        DatasetNames.Golden => await GoldenAsync(),
        _ => null,
    };

    public async Task<IReadOnlyList<DatasetSummary>> SummariesAsync(string model) =>
    [
        Summary(DatasetNames.Shipped, null, await ShippedAsync(), $"{ShippedData.TicketsFile}, less the golden set and {shipped.GoldenLookAlikes.Count} look-alikes of its items"),
        Summary(DatasetNames.Feedback, model, await FeedbackAsync(model), "approved and corrected outcomes of the workflows' gates"),
        Summary(DatasetNames.Golden, null, await GoldenAsync(),
            $"version {GoldenVersion}, frozen: {GoldenSet.Share:P0} of each label of {ShippedData.TicketsFile}, never trained on"),
    ];

    private static DatasetSummary Summary(string name, string? model, IReadOnlyList<DatasetItem> items, string provenance) =>
        new(name, model, items.Count, items.GroupBy(i => i.Label).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()), provenance);
}
