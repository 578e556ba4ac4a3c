using System.Text.Json;

namespace Integration.Inference.OpenAI;

// The wire shapes of OpenAI's chat completions, embeddings and models APIs, in snake_case.

public sealed record OpenAIMessage(string? Role, JsonElement? Content);

public sealed record OpenAIResponseFormat(string? Type, OpenAIJsonSchema? JsonSchema);

public sealed record OpenAIJsonSchema(string? Name, JsonElement? Schema, bool? Strict);

public sealed record OpenAIStreamOptions(bool? IncludeUsage);

public sealed record OpenAIChatRequest(
    string? Model,
    IReadOnlyList<OpenAIMessage>? Messages,
    float? Temperature,
    int? MaxTokens,
    int? MaxCompletionTokens,
    long? Seed,
    JsonElement? Stop,
    float? TopP,
    bool? Stream,
    OpenAIStreamOptions? StreamOptions,
    OpenAIResponseFormat? ResponseFormat,
    string? User,
    JsonElement? Tools,
    int? N);

public sealed record OpenAIEmbeddingsRequest(string? Model, JsonElement? Input, string? EncodingFormat, string? User);

public sealed record OpenAIUsage(int PromptTokens, int CompletionTokens, int TotalTokens);

public sealed record OpenAIAnswerMessage(string Role, string? Content, string? Refusal = null);

public sealed record OpenAIChoice(int Index, OpenAIAnswerMessage Message, string FinishReason, object? Logprobs = null);

public sealed record OpenAIChatCompletion(string Id, string Object, long Created, string Model, IReadOnlyList<OpenAIChoice> Choices, OpenAIUsage Usage, string? SystemFingerprint);

public sealed record OpenAIDelta(string? Role = null, string? Content = null);

public sealed record OpenAIChunkChoice(int Index, OpenAIDelta Delta, string? FinishReason);

public sealed record OpenAIChatChunk(string Id, string Object, long Created, string Model, IReadOnlyList<OpenAIChunkChoice> Choices, OpenAIUsage? Usage = null);

public sealed record OpenAIEmbedding(string Object, int Index, object Embedding);

public sealed record OpenAIEmbeddingList(string Object, IReadOnlyList<OpenAIEmbedding> Data, string Model, OpenAIUsage Usage);

public sealed record OpenAIModel(string Id, string Object, long Created, string OwnedBy);

public sealed record OpenAIModelList(string Object, IReadOnlyList<OpenAIModel> Data);
