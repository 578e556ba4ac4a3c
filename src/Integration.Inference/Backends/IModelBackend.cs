using Integration.Inference.Registry;
using Microsoft.Extensions.AI;

namespace Integration.Inference.Backends;

public sealed record BackendProbe(string Name, BackendKind Kind, string? Endpoint, bool Configured, bool Live, string? Error, DateTimeOffset CheckedAt);

/// <summary>Somewhere models run: the embedded engine, an Ollama server or an OpenAI-compatible server.</summary>
public interface IModelBackend
{
    string Name { get; }

    BackendKind Kind { get; }

    /// <summary>The base URL as configured, for display; credentials never appear here.</summary>
    string? Endpoint { get; }

    bool Configured { get; }

    IChatClient ChatClient(ModelDefinition model);

    IEmbeddingGenerator<string, Embedding<float>> Embedder(ModelDefinition model);

    /// <summary>What identifies this model's current weights (for cache keys): a trained version, or the configured version.</summary>
    ValueTask<string> RevisionAsync(ModelDefinition model);

    Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken);
}
