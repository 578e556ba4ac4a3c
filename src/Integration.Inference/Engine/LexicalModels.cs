namespace Integration.Inference.Engine;

/// <summary>
/// The embedded engine's stateless models, sharing one set of document frequencies computed from the
/// shipped tickets and articles (the reference corpus for IDF weights).
/// </summary>
public sealed class LexicalModels(ShippedData data)
{
    public DocumentFrequencies Frequencies { get; } = DocumentFrequencies.From(data.Tickets.Select(t => t.Text).Concat(data.Articles.Select(a => a.Markdown)));

    public HashedTfIdfEmbedder Embedder(int dimensions) => new(Frequencies, dimensions);

    public ExtractiveSummarizer Summarizer => new(Frequencies);

    public GroundedDrafter Drafter => new(Frequencies);

    public Extractor Extractor { get; } = new(data.Products);
}
