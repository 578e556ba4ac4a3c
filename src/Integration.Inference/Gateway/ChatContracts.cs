using System.Text.Json;
using Integration.Inference.Registry;
using Microsoft.Extensions.AI;

namespace Integration.Inference.Gateway;

/// <summary>A chat request as both APIs (Ollama, OpenAI) hand it to the gateway.</summary>
public sealed record ChatCall(
    string? Model,
    IReadOnlyList<ChatMessage> Messages,
    JsonElement? Format,
    string FormatPath,
    ChatOptions Options,
    string RoutingKey,
    string Caller);

/// <summary>A checked request: the model variant that will serve it, its fallbacks, the format, the prompt size.</summary>
/// <remarks>The prompt's token count is taken only when needed: backends report their own counts.</remarks>
public sealed record PreparedChat(
    ModelDefinition Requested,
    IReadOnlyList<ModelDefinition> Chain,
    IReadOnlyList<ChatMessage> Messages,
    ChatOptions Options,
    StructuredOutput Output,
    Lazy<int> PromptTokens,
    string Caller)
{
    public bool Deterministic => Options.Temperature is 0;
}

public sealed record ChatAnswer(
    string Content,
    string FinishReason,
    int PromptTokens,
    int CompletionTokens,
    ModelDefinition Served,
    string Backend,
    string? FallbackFrom,
    bool Cached,
    TimeSpan Duration,
    string? Revision = null);

/// <summary>One piece of a streamed answer; the last piece carries the whole answer's figures.</summary>
public sealed record ChatPiece(string Delta, ChatAnswer? Final = null);

public sealed record EmbedAnswer(IReadOnlyList<float[]> Vectors, int PromptTokens, ModelDefinition Served, TimeSpan Duration);
