using System.Collections.Concurrent;
using System.Text.Json;
using Integration.Inference.Engine;
using StackExchange.Redis;

namespace Integration.Inference.Training;

public sealed record ClassifierVersion(
    string Model,
    int Version,
    DateTimeOffset TrainedAt,
    string TrainedBy,
    string Dataset,
    int TrainExamples,
    IReadOnlyList<string> Labels,
    ClassificationMetrics HeldOut,
    IReadOnlyList<ClassificationMetrics> Folds,
    long ArtifactBytes,
    ClassifierFeatures Features = ClassifierFeatures.Words); // versions stored before there was a choice read words

/// <summary>
/// Trained classifier versions, kept in Redis: metadata per version, the ML.NET artifact per version, and the
/// promoted version. Promotion is explicit and announced on a channel, so every replica switches at once.
/// </summary>
public sealed class ClassifierVersions
{
    private const string PromotionChannel = "inference:classifier-promoted";
    private readonly IConnectionMultiplexer _redis;
    private readonly SentenceEmbedder _sentences;
    private readonly ConcurrentDictionary<string, (int Version, TextClassifier Classifier)> _active = new(StringComparer.Ordinal);

    // Versions being evaluated: loaded once each (a version never changes once stored).
    private readonly ConcurrentDictionary<(string Model, int Version), TextClassifier> _loaded = new();

    public ClassifierVersions(IConnectionMultiplexer redis, SentenceEmbedder sentences)
    {
        _redis = redis;
        _sentences = sentences;
        redis.GetSubscriber().Subscribe(RedisChannel.Literal(PromotionChannel), (_, model) => _active.TryRemove(model.ToString(), out (int, TextClassifier) _));
    }

    private static string VersionsKey(string model) => $"inference:models:{model}:versions";

    private static string ArtifactKey(string model, int version) => $"inference:models:{model}:artifact:{version}";

    private static string PromotedKey(string model) => $"inference:models:{model}:promoted";

    private static string CounterKey(string model) => $"inference:models:{model}:next-version";

    public async Task<ClassifierVersion> StoreAsync(string model, TrainingOutcome outcome, string trainedBy, string dataset, DateTimeOffset at)
    {
        var db = _redis.GetDatabase();
        var version = (int)await db.StringIncrementAsync(CounterKey(model));
        var artifact = outcome.Classifier.Save();
        var record = new ClassifierVersion(model, version, at, trainedBy, dataset, outcome.TrainExamples, outcome.Classifier.Labels,
            outcome.HeldOut, outcome.Folds, artifact.LongLength, outcome.Classifier.Features);
        // The artifact first: a version listed is always a version that can be loaded.
        await db.StringSetAsync(ArtifactKey(model, version), artifact);
        await db.HashSetAsync(VersionsKey(model), version, JsonSerializer.Serialize(record));
        return record;
    }

    public async Task<IReadOnlyList<ClassifierVersion>> ListAsync(string model) =>
        (await _redis.GetDatabase().HashValuesAsync(VersionsKey(model)))
            .Select(v => JsonSerializer.Deserialize<ClassifierVersion>(v.ToString())!).OrderBy(v => v.Version).ToList();

    public async Task<ClassifierVersion?> FindAsync(string model, int version)
    {
        var json = await _redis.GetDatabase().HashGetAsync(VersionsKey(model), version);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<ClassifierVersion>(json.ToString());
    }

    public async Task<int?> PromotedAsync(string model) => (int?)await _redis.GetDatabase().StringGetAsync(PromotedKey(model));

    public async Task PromoteAsync(string model, int version)
    {
        await _redis.GetDatabase().StringSetAsync(PromotedKey(model), version);
        _active.TryRemove(model, out _);
        await _redis.GetSubscriber().PublishAsync(RedisChannel.Literal(PromotionChannel), model);
    }

    /// <summary>Promotes <paramref name="version"/> only if nothing is promoted yet (first start of several replicas).</summary>
    public Task<bool> PromoteIfNoneAsync(string model, int version) =>
        _redis.GetDatabase().StringSetAsync(PromotedKey(model), version, when: When.NotExists);

    /// <summary>Any stored version, promoted or not (to evaluate it); null when there is none.</summary>
    public async Task<TextClassifier?> LoadAsync(string model, int version)
    {
        if (_loaded.TryGetValue((model, version), out var known))
        {
            return known;
        }

        byte[]? artifact = await _redis.GetDatabase().StringGetAsync(ArtifactKey(model, version));
        return artifact is null ? null : _loaded.GetOrAdd((model, version), await LoadAsync(model, version, artifact));
    }

    private async Task<TextClassifier> LoadAsync(string model, int version, byte[] artifact) =>
        TextClassifier.Load(artifact, (await FindAsync(model, version))?.Features ?? ClassifierFeatures.Words, _sentences);

    /// <summary>The promoted classifier, loaded once per version and kept in memory.</summary>
    public async Task<(int Version, TextClassifier Classifier)?> ActiveAsync(string model)
    {
        if (_active.TryGetValue(model, out var active))
        {
            return active;
        }

        var version = await PromotedAsync(model);
        if (version is null)
        {
            return null;
        }

        byte[]? artifact = await _redis.GetDatabase().StringGetAsync(ArtifactKey(model, version.Value));
        if (artifact is null)
        {
            throw new InvalidOperationException($"Classifier '{model}' version {version} is promoted but its artifact is missing from Redis.");
        }

        active = (version.Value, await LoadAsync(model, version.Value, artifact));
        _active[model] = active;
        return active;
    }
}
