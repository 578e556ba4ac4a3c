namespace Integration.Contracts.Inference;

/// <summary>Where the inference service serves knowledge-base retrieval.</summary>
public static class KnowledgeRoutes
{
    public const string Collections = "/v1/kb/collections";

    /// <summary>Under <see cref="Collections"/>.</summary>
    public const string RetrieveTemplate = "/{collection}/retrieve";

    public static string Retrieve(string collection) => Collections + RetrieveTemplate.Replace("{collection}", Uri.EscapeDataString(collection), StringComparison.Ordinal);
}

/// <summary>How passages are found: by meaning (sentence embeddings; the default, the best measured), by words (BM25), or both fused by rank.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<RetrievalMode>))]
public enum RetrievalMode
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("dense")]
    Dense,

    [System.Text.Json.Serialization.JsonStringEnumMemberName("lexical")]
    Lexical,

    [System.Text.Json.Serialization.JsonStringEnumMemberName("hybrid")]
    Hybrid,
}

public sealed record RetrieveRequest(string? Query, int? Top, RetrievalMode? Mode = null);

public sealed record RetrieveResponse(string Collection, string Query, IReadOnlyList<PassageView> Passages);

/// <param name="Reference">What a draft cites: <c>kb://COLLECTION/DOCUMENT#CHUNK</c>.</param>
public sealed record PassageView(string Reference, string DocumentId, int Chunk, string Title, string Source, string Text, double Score);
