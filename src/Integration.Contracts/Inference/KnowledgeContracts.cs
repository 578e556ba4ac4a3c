namespace Integration.Contracts.Inference;

/// <summary>Where the inference service serves knowledge-base retrieval.</summary>
public static class KnowledgeRoutes
{
    public const string Collections = "/v1/kb/collections";

    /// <summary>Under <see cref="Collections"/>.</summary>
    public const string RetrieveTemplate = "/{collection}/retrieve";

    public static string Retrieve(string collection) => Collections + RetrieveTemplate.Replace("{collection}", Uri.EscapeDataString(collection), StringComparison.Ordinal);
}

public sealed record RetrieveRequest(string? Query, int? Top);

public sealed record RetrieveResponse(string Collection, string Query, IReadOnlyList<PassageView> Passages);

/// <param name="Reference">What a draft cites: <c>kb://COLLECTION/DOCUMENT#CHUNK</c>.</param>
public sealed record PassageView(string Reference, string DocumentId, int Chunk, string Title, string Source, string Text, double Score);
