using System.Text.Json;
using StackExchange.Redis;

namespace Integration.Inference.Evaluation;

/// <summary>Backend models' evaluation reports in Redis, per model.</summary>
public sealed class BackendEvaluationStore(IConnectionMultiplexer redis)
{
    private static string Reports(string model) => $"inference:evaluations:backends:{model}";

    public Task SaveAsync(BackendEvaluationReport report) =>
        redis.GetDatabase().HashSetAsync(Reports(report.Model), report.Id, JsonSerializer.Serialize(report, JsonSerializerOptions.Web));

    public async Task<IReadOnlyList<BackendEvaluationReport>> ListAsync(string model) =>
        [.. (await redis.GetDatabase().HashValuesAsync(Reports(model))).Select(v => JsonSerializer.Deserialize<BackendEvaluationReport>(v.ToString(), JsonSerializerOptions.Web)!)
            .OrderBy(r => r.At)];
}
