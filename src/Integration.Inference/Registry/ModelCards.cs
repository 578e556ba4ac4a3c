using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Integration.Inference.Registry;

/// <summary>What a model is, said plainly: embedded models state that they are small task models, not LLMs.</summary>
public static class ModelCards
{
    public static string Description(ModelDefinition model) => model.Description ?? (model.Backend == "embedded"
        ? model.Task switch
        {
            ModelTask.Classify => "Embedded ML.NET text classifier (word and character n-grams, maximum-entropy SDCA) trained on labeled examples; " +
                                  "answers a label and a probability per label. Not a free-text language model.",
            ModelTask.Extract => "Embedded pattern and catalog extractor (emails, phone numbers, order numbers, amounts with currency, dates, " +
                                 "product names) that fills the requested JSON Schema. Not a free-text language model.",
            ModelTask.Summarize => "Embedded extractive summarizer: returns the source's most informative sentences, unchanged. Not a free-text language model.",
            ModelTask.Draft => "Embedded grounded drafter: assembles a reply only from the ticket and knowledge-base passages, with citations. " +
                               "Not a free-text language model: without a matching passage it says so instead of answering.",
            ModelTask.Embed => $"Embedded lexical embeddings: hashed TF-IDF, {model.IntParameter("dimensions", 512)} dimensions, L2-normalised. Not a semantic embedding model.",
            _ => "Embedded model.",
        }
        : model.IsSplit
            ? $"A/B split over {string.Join(", ", model.Split.Select(v => $"{v.Model} ({v.Weight})"))}, sticky per routing key."
            : $"{model.BackendModel} served by backend '{model.Backend}'.");

    public static string Family(ModelDefinition model) => model.IsSplit ? "split" : model.Backend == "embedded" ? "embedded" : model.Backend;

    public static string Format(ModelDefinition model) => model.Backend != "embedded" || model.IsSplit
        ? "upstream"
        : model.Task == ModelTask.Classify ? "ml.net" : "lexical";

    public static IReadOnlyList<string> Capabilities(ModelDefinition model) => model.Task == ModelTask.Embed ? ["embedding"] : ["completion"];

    /// <summary>A digest of the definition, so that clients that compare digests see a changed model as changed.</summary>
    public static string Digest(ModelDefinition model) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(model))));
}
