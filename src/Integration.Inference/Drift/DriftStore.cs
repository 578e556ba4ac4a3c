using System.Globalization;
using StackExchange.Redis;

namespace Integration.Inference.Drift;

/// <summary>A window of past traffic kept as a model's drift reference: which window, how many inputs, the version that answered them (at the
/// time it was frozen), who froze it and when.</summary>
public sealed record FrozenReference(string Model, DateTimeOffset From, DateTimeOffset To, long Items, int? Version, string FrozenBy, DateTimeOffset FrozenAt);

/// <summary>
/// The observed features of each classifier's inputs in Redis, one hash per model and hour, kept eight days: sums and
/// counts only (never a text), added to by every replica and read back summed over any window of whole hours; and a
/// window frozen as the reference, kept until thawed.
/// </summary>
public sealed class DriftStore(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan Keep = TimeSpan.FromDays(8);

    private static string Hour(string model, DateTimeOffset at) => $"inference:drift:{model}:{at.UtcDateTime:yyyyMMddHH}";

    private static string ReferenceKey(string model) => $"inference:drift:{model}:reference";

    private static string AboutReferenceKey(string model) => $"inference:drift:{model}:reference:about";

    public Task AddAsync(string model, DateTimeOffset hour, DriftFeatures features) => AddAsync(Hour(model, hour), features, Keep);

    /// <summary>
    /// Keeps <paramref name="features"/> (a window of past traffic) as the model's reference until thawed: written aside and
    /// renamed into place, so that a report never reads half of it.
    /// </summary>
    public async Task FreezeAsync(string model, DriftFeatures features, FrozenReference about)
    {
        var db = redis.GetDatabase();
        var aside = ReferenceKey(model) + ":new";
        await db.KeyDeleteAsync(aside);
        await AddAsync(aside, features, keep: null);
        await db.KeyRenameAsync(aside, ReferenceKey(model));
        await db.StringSetAsync(AboutReferenceKey(model), System.Text.Json.JsonSerializer.Serialize(about));
    }

    /// <summary>The frozen reference and what it is, or null when the golden set is the reference.</summary>
    public async Task<(DriftFeatures Features, FrozenReference About)?> FrozenAsync(string model)
    {
        var db = redis.GetDatabase();
        var about = await db.StringGetAsync(AboutReferenceKey(model));
        var fields = await db.HashGetAllAsync(ReferenceKey(model));
        return about.IsNullOrEmpty || fields.Length == 0 ? null : (Parse(fields), System.Text.Json.JsonSerializer.Deserialize<FrozenReference>(about.ToString())!);
    }

    /// <summary>Back to the golden set as the reference; false when nothing was frozen.</summary>
    public async Task<bool> ThawAsync(string model) =>
        await redis.GetDatabase().KeyDeleteAsync([AboutReferenceKey(model), ReferenceKey(model)]) > 0;

    private async Task AddAsync(string key, DriftFeatures features, TimeSpan? keep)
    {
        var batch = redis.GetDatabase().CreateBatch();
        var writes = new List<Task>
        {
            batch.HashIncrementAsync(key, "n", features.Items),
            batch.HashIncrementAsync(key, "words", features.WordSum),
            batch.HashIncrementAsync(key, "confidence", features.ConfidenceSum),
        };
        writes.AddRange(features.Lengths.Select((count, i) => count == 0 ? Task.CompletedTask : batch.HashIncrementAsync(key, $"len:{i}", count)));
        writes.AddRange(features.Confidences.Select((count, i) => count == 0 ? Task.CompletedTask : batch.HashIncrementAsync(key, $"conf:{i}", count)));
        writes.AddRange(features.Labels.Select(l => (Task)batch.HashIncrementAsync(key, $"label:{l.Key}", l.Value)));
        writes.AddRange(features.EmbeddingSum.Select((sum, i) => (Task)batch.HashIncrementAsync(key, $"e:{i}", sum)));
        if (keep is { } expiry)
        {
            writes.Add(batch.KeyExpireAsync(key, expiry));
        }

        batch.Execute();
        await Task.WhenAll(writes);
    }

    /// <summary>The features of the whole hours from <paramref name="from"/> to <paramref name="to"/>, summed.</summary>
    public async Task<DriftFeatures> ReadAsync(string model, DateTimeOffset from, DateTimeOffset to)
    {
        var total = new DriftFeatures();
        var db = redis.GetDatabase();
        for (var hour = new DateTimeOffset(from.UtcDateTime.Date.AddHours(from.UtcDateTime.Hour), TimeSpan.Zero); hour <= to; hour = hour.AddHours(1))
        {
            var fields = await db.HashGetAllAsync(Hour(model, hour));
            if (fields.Length > 0)
            {
                total.Merge(Parse(fields));
            }
        }

        return total;
    }

    private static DriftFeatures Parse(HashEntry[] fields)
    {
        var features = new DriftFeatures();
        foreach (var field in fields)
        {
            var name = field.Name.ToString();
            var value = (double)field.Value;
            switch (name)
            {
                case "n": features.Items = (long)value; break;
                case "words": features.WordSum = (long)value; break;
                case "confidence": features.ConfidenceSum = value; break;
                case var _ when name.StartsWith("len:", StringComparison.Ordinal): features.Lengths[Index(name)] = (long)value; break;
                case var _ when name.StartsWith("conf:", StringComparison.Ordinal): features.Confidences[Index(name)] = (long)value; break;
                case var _ when name.StartsWith("label:", StringComparison.Ordinal): features.Labels[name[6..]] = (long)value; break;
                case var _ when name.StartsWith("e:", StringComparison.Ordinal): features.EmbeddingSum[Index(name)] = value; break;
            }
        }

        return features;
    }

    private static int Index(string field) => int.Parse(field[(field.IndexOf(':') + 1)..], CultureInfo.InvariantCulture);
}
