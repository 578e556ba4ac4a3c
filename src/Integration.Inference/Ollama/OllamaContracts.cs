using System.Text.Json;

namespace Integration.Inference.Ollama;

// The wire shapes of Ollama's REST API (github.com/ollama/ollama, docs/api.md), in snake_case.

public sealed record OllamaMessage(string? Role, string? Content, IReadOnlyList<string>? Images = null);

public sealed record OllamaModelOptions(float? Temperature, int? NumPredict, long? Seed, IReadOnlyList<string>? Stop, float? TopP, int? TopK, int? NumCtx);

public sealed record OllamaChatRequest(
    string? Model,
    IReadOnlyList<OllamaMessage>? Messages,
    JsonElement? Format,
    OllamaModelOptions? Options,
    bool? Stream,
    JsonElement? Tools);

public sealed record OllamaGenerateRequest(
    string? Model,
    string? Prompt,
    string? System,
    JsonElement? Format,
    OllamaModelOptions? Options,
    bool? Stream,
    IReadOnlyList<string>? Images,
    IReadOnlyList<int>? Context = null);

public sealed record OllamaEmbedRequest(string? Model, JsonElement? Input);

public sealed record OllamaEmbeddingsRequest(string? Model, string? Prompt);

public sealed record OllamaShowRequest(string? Model, string? Name);

public sealed record OllamaChatResponse(
    string Model,
    string CreatedAt,
    OllamaMessage Message,
    bool Done,
    string? DoneReason = null,
    long? TotalDuration = null,
    long? LoadDuration = null,
    int? PromptEvalCount = null,
    long? PromptEvalDuration = null,
    int? EvalCount = null,
    long? EvalDuration = null);

/// <param name="Context">On the last response only: the exchange so far as token ids, to send back for a conversation.</param>
public sealed record OllamaGenerateResponse(
    string Model,
    string CreatedAt,
    string Response,
    bool Done,
    string? DoneReason = null,
    long? TotalDuration = null,
    long? LoadDuration = null,
    int? PromptEvalCount = null,
    long? PromptEvalDuration = null,
    int? EvalCount = null,
    long? EvalDuration = null,
    IReadOnlyList<int>? Context = null);

public sealed record OllamaEmbedResponse(string Model, IReadOnlyList<float[]> Embeddings, long TotalDuration, long LoadDuration, int PromptEvalCount);

public sealed record OllamaEmbeddingsResponse(float[] Embedding);

public sealed record OllamaModelDetails(string ParentModel, string Format, string Family, IReadOnlyList<string> Families, string ParameterSize, string QuantizationLevel);

public sealed record OllamaModelEntry(string Name, string Model, string ModifiedAt, long Size, string Digest, OllamaModelDetails Details);

public sealed record OllamaTagsResponse(IReadOnlyList<OllamaModelEntry> Models);

public sealed record OllamaRunningModel(string Name, string Model, long Size, string Digest, OllamaModelDetails Details, string ExpiresAt, long SizeVram, string Backend, bool Live);

public sealed record OllamaShowResponse(
    string Modelfile,
    string Parameters,
    string Template,
    string License,
    OllamaModelDetails Details,
    IReadOnlyDictionary<string, object?> ModelInfo,
    IReadOnlyList<string> Capabilities,
    string ModifiedAt);
