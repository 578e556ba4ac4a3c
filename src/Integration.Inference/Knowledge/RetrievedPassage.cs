namespace Integration.Inference.Knowledge;

/// <summary>A passage found for a query: its text, where it comes from, and how well it matched.</summary>
/// <param name="Reference">A stable citation, <c>kb://collection/document#chunk</c>.</param>
public sealed record RetrievedPassage(string Collection, string DocumentId, int Chunk, string Title, string Source, string Text, double Score)
{
    public string Reference => $"kb://{Collection}/{DocumentId}#{Chunk}";
}
