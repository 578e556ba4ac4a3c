using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Integration.Inference.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Integration.Inference.Gateway;

/// <summary>
/// What every chat and embedding request goes through, whichever API it came in on: the model is found and
/// its A/B variant chosen, the prompt checked against the size limit and the context length, the format
/// checked, the cache consulted for deterministic requests, the call routed with fallbacks, the answer
/// checked against the format, and the call metered.
/// </summary>
public sealed class InferenceGateway(
    ModelRegistry registry,
    ModelRouter router,
    ResponseCache cache,
    Metering metering,
    TokenCounter tokens,
    Drift.DriftMonitor drift,
    IOptions<InferenceOptions> options)
{
    public async Task<PreparedChat> PrepareAsync(ChatCall call)
    {
        var requested = registry.Find(call.Model) ?? throw GatewayException.UnknownModel(call.Model);
        var primary = registry.Choose(requested, call.RoutingKey);
        var characters = call.Messages.Sum(m => m.Text.Length);
        if (characters > options.Value.MaxPromptCharacters)
        {
            throw new GatewayException(400,
                $"the prompt is {characters} characters; the limit is {options.Value.MaxPromptCharacters} characters (Inference:MaxPromptCharacters)",
                "prompt_too_long");
        }

        // A token is at least one UTF-8 byte, so a prompt of no more bytes than the context fits without counting.
        var promptTokens = new Lazy<int>(() => call.Messages.Sum(m => tokens.Count(m.Text)));
        if (call.Messages.Sum(m => Encoding.UTF8.GetByteCount(m.Text)) > primary.ContextLength && promptTokens.Value > primary.ContextLength)
        {
            throw new GatewayException(400,
                $"the prompt is {promptTokens.Value} tokens; model '{primary.Name}' has a context length of {primary.ContextLength} tokens",
                "context_length_exceeded");
        }

        var output = await StructuredOutput.ParseAsync(call.Format, call.FormatPath);
        call.Options.ResponseFormat = output.Format;
        return new PreparedChat(requested, router.Chain(primary, call.RoutingKey), call.Messages, call.Options, output, promptTokens, call.Caller);
    }

    public async Task<ChatAnswer> ChatAsync(PreparedChat chat, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var primary = chat.Chain[0];
        string? cacheKey = null;
        if (chat.Deterministic)
        {
            var (backend, _, _) = router.Backend(primary);
            var revision = await backend.RevisionAsync(primary);
            cacheKey = ResponseCache.Key(primary.Name, revision, chat);
            if (await cache.GetAsync(cacheKey) is { } hit)
            {
                var cached = new ChatAnswer(hit.Content, hit.FinishReason, hit.PromptTokens, hit.CompletionTokens, primary, backend.Name, null, true,
                    Stopwatch.GetElapsedTime(started), revision);
                Meter(cached, chat.Caller);
                drift.ObserveAnswer(primary, chat.Messages, cached.Content);
                return cached;
            }
        }

        try
        {
            var routed = await router.RunAsync(chat.Chain, (backend, model, ct) =>
                backend.ChatClient(model).GetResponseAsync(PromptTemplates.Apply(model, chat.Messages), WithModel(chat.Options, model), ct), cancellationToken);
            var content = routed.Result.Text;
            if (chat.Output.Check(content) is { } mismatch)
            {
                throw new GatewayException(422, $"the answer of model '{routed.Served.Name}' does not satisfy the requested format: {mismatch}", "output_format_mismatch");
            }

            var answer = new ChatAnswer(content, FinishReason(routed.Result.FinishReason),
                (int?)routed.Result.Usage?.InputTokenCount ?? chat.PromptTokens.Value,
                (int?)routed.Result.Usage?.OutputTokenCount ?? tokens.Count(content),
                routed.Served, routed.Backend.Name, routed.FallbackFrom, false, Stopwatch.GetElapsedTime(started), await routed.Backend.RevisionAsync(routed.Served));
            Meter(answer, chat.Caller);
            drift.ObserveAnswer(routed.Served, chat.Messages, content);
            if (cacheKey is not null && routed.FallbackFrom is null)
            {
                await cache.SetAsync(cacheKey, new CachedAnswer(answer.Content, answer.FinishReason, answer.PromptTokens, answer.CompletionTokens));
            }

            return answer;
        }
        catch (GatewayException)
        {
            metering.Record(primary.Name, primary.Backend, chat.Caller, chat.PromptTokens.Value, 0, 0, Stopwatch.GetElapsedTime(started), error: true, cached: false);
            throw;
        }
    }

    /// <summary>
    /// Streams an answer. With a format the whole answer is produced and checked first, then sent in
    /// pieces: nothing unchecked reaches the caller. Without one, pieces flow as the backend produces them;
    /// a fallback can still take over until the first piece has arrived.
    /// </summary>
    public async IAsyncEnumerable<ChatPiece> StreamAsync(PreparedChat chat, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (chat.Output.IsRequested || chat.Deterministic)
        {
            var answer = await ChatAsync(chat, cancellationToken);
            yield return new ChatPiece(answer.Content);
            yield return new ChatPiece("", answer);
            yield break;
        }

        var started = Stopwatch.GetTimestamp();
        var routed = await router.RunAsync(chat.Chain, async (backend, model, ct) =>
        {
            var updates = backend.ChatClient(model).GetStreamingResponseAsync(PromptTemplates.Apply(model, chat.Messages), WithModel(chat.Options, model), ct).GetAsyncEnumerator(ct);
            var hasFirst = await updates.MoveNextAsync();
            return (updates, hasFirst);
        }, cancellationToken, leaseUntilDisposed: true);

        var text = new StringBuilder();
        UsageDetails? usage = null;
        ChatFinishReason? finish = null;
        await using var updates = routed.Result.updates;
        using (routed.Lease)
        {
            for (var more = routed.Result.hasFirst; more; more = await updates.MoveNextAsync())
            {
                var update = updates.Current;
                usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usage;
                finish = update.FinishReason ?? finish;
                if (update.Text.Length > 0)
                {
                    text.Append(update.Text);
                    yield return new ChatPiece(update.Text);
                }
            }
        }

        var content = text.ToString();
        var final = new ChatAnswer(content, FinishReason(finish), (int?)usage?.InputTokenCount ?? chat.PromptTokens.Value,
            (int?)usage?.OutputTokenCount ?? tokens.Count(content), routed.Served, routed.Backend.Name, routed.FallbackFrom, false,
            Stopwatch.GetElapsedTime(started), await routed.Backend.RevisionAsync(routed.Served));
        Meter(final, chat.Caller);
        yield return new ChatPiece("", final);
    }

    public async Task<EmbedAnswer> EmbedAsync(string? modelName, IReadOnlyList<string> inputs, string routingKey, string caller, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var requested = registry.Find(modelName) ?? throw GatewayException.UnknownModel(modelName);
        var primary = registry.Choose(requested, routingKey);
        if (primary.Task != ModelTask.Embed)
        {
            throw new GatewayException(400, $"model '{primary.Name}' does not support embeddings; it is a {primary.Task.ToString().ToLowerInvariant()} model");
        }

        var counts = inputs.Select(tokens.Count).ToList();
        if (counts.Count > 0 && counts.Max() > primary.ContextLength)
        {
            throw new GatewayException(400,
                $"input {counts.IndexOf(counts.Max())} is {counts.Max()} tokens; model '{primary.Name}' has a context length of {primary.ContextLength} tokens",
                "context_length_exceeded");
        }

        var routed = await router.RunAsync(router.Chain(primary, routingKey),
            (backend, model, ct) => backend.Embedder(model).GenerateAsync(inputs, new EmbeddingGenerationOptions { ModelId = model.BackendModel }, ct),
            cancellationToken);
        var promptTokens = (int?)routed.Result.Usage?.InputTokenCount ?? counts.Sum();
        var elapsed = Stopwatch.GetElapsedTime(started);
        metering.Record(routed.Served.Name, routed.Backend.Name, caller, promptTokens, 0, routed.Served.Cost(promptTokens, 0), elapsed, false, false);
        return new EmbedAnswer(routed.Result.Select(e => e.Vector.ToArray()).ToList(), promptTokens, routed.Served, elapsed);
    }

    private void Meter(ChatAnswer answer, string caller) =>
        metering.Record(answer.Served.Name, answer.Backend, caller, answer.PromptTokens, answer.CompletionTokens,
            answer.Cached ? 0 : answer.Served.Cost(answer.PromptTokens, answer.CompletionTokens), answer.Duration, false, answer.Cached);

    private static ChatOptions WithModel(ChatOptions options, ModelDefinition model)
    {
        var copy = options.Clone();
        copy.ModelId = model.BackendModel;
        return copy;
    }

    private static string FinishReason(ChatFinishReason? reason) =>
        reason == ChatFinishReason.Length ? "length" : reason == ChatFinishReason.ContentFilter ? "content_filter" : "stop";
}
