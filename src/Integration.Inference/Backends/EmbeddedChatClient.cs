using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Inference.Engine;
using Integration.Inference.Gateway;
using Integration.Inference.Registry;
using Microsoft.Extensions.AI;

namespace Integration.Inference.Backends;

/// <summary>
/// The embedded models behind the chat API. The last user message is the task's input; instructions in
/// system messages are not followed, since none of these models reads instructions. Answers are JSON for
/// classify and extract, text for summarize and draft, and shaped to a requested JSON Schema when one is given.
/// </summary>
internal sealed class EmbeddedChatClient(ModelDefinition model, EmbeddedBackend backend) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var input = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text
                    ?? throw new GatewayException(400, $"model '{model.Name}' needs a user message to work on");
        var format = options?.ResponseFormat as ChatResponseFormatJson;
        var produced = await ProduceAsync(input, options?.MaxOutputTokens);
        var text = format switch
        {
            { Schema: { } schema } => SchemaFiller.Fill(schema, produced.Fields).ToJsonString(),
            not null => produced.Fields.ToJsonString(),
            null => produced.Text ?? produced.Fields.ToJsonString(),
        };

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = model.Name,
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = backend.Tokens.Count(input), OutputTokenCount = backend.Tokens.Count(text) },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var piece in Pieces(response.Text))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = model.Name };
        }

        yield return new ChatResponseUpdate { Role = ChatRole.Assistant, FinishReason = ChatFinishReason.Stop, ModelId = model.Name, Contents = [new UsageContent(response.Usage!)] };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("embedded", null, model.Name) : null;

    public void Dispose()
    {
    }

    private async Task<Produced> ProduceAsync(string input, int? maxOutputTokens)
    {
        switch (model.Task)
        {
            case ModelTask.Classify:
                var active = await backend.Classifiers.ActiveAsync(model.Name)
                             ?? throw new GatewayException(503, $"model '{model.Name}' has no promoted classifier version yet; train and promote one", "model_not_ready");
                var result = active.Classifier.Classify(input);
                return new Produced(new JsonObject
                {
                    ["label"] = result.Label,
                    ["confidence"] = Math.Round(result.Confidence, 4),
                    ["scores"] = new JsonObject(result.Scores.OrderByDescending(s => s.Value)
                        .Select(s => KeyValuePair.Create(s.Key, (JsonNode?)Math.Round(s.Value, 4)))),
                    ["model_version"] = active.Version,
                });
            case ModelTask.Extract:
                return new Produced(JsonSerializer.SerializeToNode(backend.Lexical.Extractor.Extract(input), JsonNames.SnakeCase)!.AsObject());
            case ModelTask.Summarize:
                var summary = backend.Lexical.Summarizer.Summarize(input, model.IntParameter("sentences", 0) is > 0 and var n ? n : null);
                return new Produced(new JsonObject { ["summary"] = summary }, summary);
            case ModelTask.Draft:
                var collection = model.Parameter("collection", ShippedData.SupportCollection);
                // The minimum score is on the ranking's own scale: a BM25 score for words, a cosine for meaning.
                var retrieval = Enum.TryParse<RetrievalMode>(model.Parameter("retrieval", nameof(RetrievalMode.Lexical)), true, out var mode) ? mode : RetrievalMode.Lexical;
                var passages = await backend.Knowledge.RetrieveAsync(collection, input, 8, retrieval);
                var draft = backend.Lexical.Drafter.Compose(model.Name, input, passages, model.IntParameter("passages", 2),
                    model.DoubleParameter("minScore", retrieval == RetrievalMode.Lexical ? 4.0 : 0.0));
                return new Produced(new JsonObject
                {
                    ["reply"] = draft.Text,
                    ["grounded"] = draft.Grounded,
                    ["citations"] = new JsonArray(draft.Citations.Select(c => (JsonNode)new JsonObject
                    {
                        ["reference"] = c.Reference, ["title"] = c.Title, ["source"] = c.Source, ["score"] = c.Score,
                    }).ToArray()),
                }, draft.Text);
            case ModelTask.Embed:
                throw new GatewayException(400, $"model '{model.Name}' is an embedding model; use /api/embed or /v1/embeddings");
            default:
                throw new GatewayException(400, $"the embedded engine has no free-text model; '{model.Name}' needs an Ollama or OpenAI-compatible backend");
        }
    }

    /// <summary>A task's answer: its fields (for JSON output) and, for text tasks, the text itself.</summary>
    private sealed record Produced(JsonObject Fields, string? Text = null);

    private static IEnumerable<string> Pieces(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i])))
            {
                yield return text[start..i];
                start = i;
            }
        }
    }
}
