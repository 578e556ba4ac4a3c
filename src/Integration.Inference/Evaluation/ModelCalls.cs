using System.Diagnostics;
using Integration.Inference.Gateway;
using Integration.Inference.Registry;
using Microsoft.Extensions.AI;

namespace Integration.Inference.Evaluation;

/// <summary>One answer of a model under evaluation, how long it took, or why there was none.</summary>
public sealed record MeasuredCall(ChatResponse? Answer, double Milliseconds, string? Error);

/// <summary>
/// How an evaluation asks a model: that model alone (no fallback, no cache, not metered as traffic, unseen by the drift
/// monitor), with its own prompt (<see cref="PromptTemplates"/>), at temperature 0, within its backend's concurrency limit.
/// </summary>
public static class ModelCalls
{
    public static async Task<MeasuredCall> AskAsync(ModelRouter router, ModelDefinition model, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken,
        ChatResponseFormat? format = null)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var routed = await router.RunAsync([model], (backend, m, ct) =>
                backend.ChatClient(m).GetResponseAsync(PromptTemplates.Apply(m, messages), new ChatOptions { ModelId = m.BackendModel, Temperature = 0, ResponseFormat = format }, ct), cancellationToken);
            using var lease = routed.Lease;
            return new MeasuredCall(routed.Result, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
        }
        catch (GatewayException e)
        {
            return new MeasuredCall(null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, e.Message);
        }
    }
}
