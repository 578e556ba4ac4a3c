using System.Globalization;
using StackExchange.Redis;

namespace Integration.Inference.Drift;

/// <summary>
/// The observed features of each classifier's inputs in Redis, one hash per model and hour, kept eight days: sums and
/// counts only (never a text), added to by every replica and read back summed over any window of whole hours.
/// </summary>
public sealed class DriftStore(IConnectionMultiplexer redis)
{
    private static readonly TimeSpan Keep = TimeSpan.FromDays(8);

    private static string Hour(string model, DateTimeOffset at) => $"inference:drift:{model}:{at.UtcDateTime:yyyyMMddHH}";

    public async Task AddAsync(string model, DateTimeOffset hour, DriftFeatures features)
    {
        var key = Hour(model, hour);
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
        writes.Add(batch.KeyExpireAsync(key, Keep));
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
