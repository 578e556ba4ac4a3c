namespace Integration.Inference.Engine;

/// <summary>FNV-1a over UTF-16 code units: stable across processes and versions, unlike string.GetHashCode.</summary>
public static class StableHash
{
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
