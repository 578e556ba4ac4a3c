using Integration.Inference.Engine;
using Integration.Inference.Gateway;
using Integration.Inference.Registry;
using Microsoft.Extensions.AI;

namespace Integration.Inference.Backends;

internal sealed class EmbeddedEmbeddingGenerator(ModelDefinition model, Func<IReadOnlyList<string>, float[][]> embed, int dimensions, TokenCounter tokens)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    public EmbeddedEmbeddingGenerator(ModelDefinition model, HashedTfIdfEmbedder embedder, TokenCounter tokens)
        : this(model, texts => [.. texts.Select(embedder.Embed)], embedder.Dimensions, tokens)
    {
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values.ToList();
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(embed(inputs).Select(v => new Embedding<float>(v) { ModelId = model.Name }))
        {
            Usage = new UsageDetails { InputTokenCount = inputs.Sum(tokens.Count) },
        };
        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("embedded", null, model.Name, dimensions) : null;

    public void Dispose()
    {
    }
}
