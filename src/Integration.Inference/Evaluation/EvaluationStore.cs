using System.Text.Json;
using StackExchange.Redis;

namespace Integration.Inference.Evaluation;

/// <summary>Evaluation reports in Redis, per model, with the latest of each version on each dataset at hand.</summary>
public sealed class EvaluationStore(IConnectionMultiplexer redis)
{
    private static string Reports(string model) => $"inference:evaluations:{model}";

    private static string Latest(string model) => $"inference:evaluations:{model}:latest";

    public async Task SaveAsync(EvaluationReport report)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.HashSetAsync(Reports(report.Model), report.Id, JsonSerializer.Serialize(report, JsonSerializerOptions.Web));
        _ = transaction.HashSetAsync(Latest(report.Model), $"{report.Version}:{report.Dataset}", report.Id);
        await transaction.ExecuteAsync();
    }

    public async Task<EvaluationReport?> FindAsync(string model, string id) =>
        (await redis.GetDatabase().HashGetAsync(Reports(model), id)) is { IsNullOrEmpty: false } json
            ? JsonSerializer.Deserialize<EvaluationReport>(json.ToString(), JsonSerializerOptions.Web)
            : null;

    public async Task<EvaluationReport?> LatestAsync(string model, int version, string dataset) =>
        (await redis.GetDatabase().HashGetAsync(Latest(model), $"{version}:{dataset}")) is { IsNullOrEmpty: false } id ? await FindAsync(model, id.ToString()) : null;

    public async Task<IReadOnlyList<EvaluationReport>> ListAsync(string model) =>
        [.. (await redis.GetDatabase().HashValuesAsync(Reports(model))).Select(v => JsonSerializer.Deserialize<EvaluationReport>(v.ToString(), JsonSerializerOptions.Web)!)
            .OrderBy(r => r.At)];
}
