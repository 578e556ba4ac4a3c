using Integration.Inference.Engine;
using Integration.Inference.Gateway;
using Integration.Inference.Knowledge;
using Integration.Inference.Registry;
using Integration.Inference.Training;
using Microsoft.Extensions.AI;

namespace Integration.Inference.Backends;

/// <summary>The CPU engine in this process: small task-specific models, always live, no GPU.</summary>
public sealed class EmbeddedBackend(ClassifierVersions classifiers, KnowledgeBase knowledge, LexicalModels lexical, SentenceEmbedder sentences, TokenCounter tokens,
    TimeProvider time)
    : IModelBackend
{
    public const string BackendName = "embedded";

    public string Name => BackendName;

    public BackendKind Kind => BackendKind.Embedded;

    public string? Endpoint => null;

    public bool Configured => true;

    public IChatClient ChatClient(ModelDefinition model) => new EmbeddedChatClient(model, this);

    /// <summary>An embedding model: all-MiniLM-L6-v2 sentence embeddings (parameter <c>encoder: minilm</c>), else hashed TF-IDF.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Embedder(ModelDefinition model) =>
        model.Task == ModelTask.Embed
            ? model.Parameter("encoder", "hashed") == "minilm"
                ? new EmbeddedEmbeddingGenerator(model, sentences.Embed, SentenceEmbedder.Dimensions, tokens)
                : new EmbeddedEmbeddingGenerator(model, lexical.Embedder(model.IntParameter("dimensions", 512)), tokens)
            : throw new GatewayException(400, $"model '{model.Name}' does not support embeddings; it is a {model.Task.ToString().ToLowerInvariant()} model");

    public async ValueTask<string> RevisionAsync(ModelDefinition model) =>
        model.Task == ModelTask.Classify ? $"{model.Version}/trained-{await classifiers.PromotedAsync(model.Name)}" : model.Version;

    public Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new BackendProbe(Name, Kind, null, true, true, null, time.GetUtcNow()));

    internal ClassifierVersions Classifiers => classifiers;

    internal KnowledgeBase Knowledge => knowledge;

    internal LexicalModels Lexical => lexical;

    internal TokenCounter Tokens => tokens;
}
