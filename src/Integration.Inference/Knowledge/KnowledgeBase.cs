using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Integration.Inference.Engine;
using StackExchange.Redis;

namespace Integration.Inference.Knowledge;

public sealed record KnowledgeDocument(string Id, string Title, string Source, DocumentFormat Format, string Sha256, int Chunks, DateTimeOffset IngestedAt);

public sealed record IngestOutcome(string Id, int Chunks, bool Changed);

/// <summary>
/// Named collections of chunked documents, stored in Redis (documents and their chunks as hashes, plus a
/// version counter per collection). Each process keeps an index per collection in memory (BM25 over the words, and each
/// chunk's sentence embedding) and rebuilds it from Redis when the collection's version moves, so every replica answers
/// from the same data. Retrieval is by meaning unless asked otherwise (on the shipped labeled queries it finds more, and
/// ranks it higher, than BM25 or both fused by reciprocal rank: see README).
/// </summary>
public sealed class KnowledgeBase(IConnectionMultiplexer redis, SentenceEmbedder embedder, TimeProvider time)
{
    /// <summary>Reciprocal rank fusion's constant (Cormack et al.): a passage's fused score is the sum of 1 / (k + rank).</summary>
    private const int FusionK = 60;

    // Each ranking contributes this many candidates to the fusion.
    private const int FusionDepth = 50;

    private sealed record CollectionIndex(Bm25Index<RetrievedPassage> Words, IReadOnlyList<(RetrievedPassage Passage, float[] Vector)> Meanings);

    private readonly ConcurrentDictionary<string, (long Version, CollectionIndex Index)> _indexes = new(StringComparer.Ordinal);

    private static string Documents(string collection) => $"kb:{collection}:documents";

    private static string ChunksKey(string collection) => $"kb:{collection}:chunks";

    private static string VersionKey(string collection) => $"kb:{collection}:version";

    private const string CollectionsKey = "kb:collections";

    /// <summary>Adds or replaces a document. The same content again changes nothing (and bumps no version).</summary>
    public async Task<IngestOutcome> IngestAsync(string collection, string id, string? title, string? source, DocumentFormat format, string content)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{format}\n{title}\n{source}\n{content}")));
        var chunks = Chunker.Split(DocumentText.Plain(content, format));
        var document = new KnowledgeDocument(id, title ?? DocumentText.Title(content, format) ?? id, source ?? $"kb://{collection}/{id}",
            format, sha, chunks.Count, time.GetUtcNow());
        var unchanged = false;
        await ChangeAsync(collection, id, (existing, transaction) =>
        {
            if (existing?.Sha256 == sha)
            {
                unchanged = true;
                return false;
            }

            _ = transaction.SetAddAsync(CollectionsKey, collection);
            _ = transaction.HashSetAsync(ChunksKey(collection), chunks.Select((text, i) =>
                new HashEntry($"{id}#{i}", JsonSerializer.Serialize(new StoredChunk(id, i, text)))).ToArray());
            _ = transaction.HashSetAsync(Documents(collection), id, JsonSerializer.Serialize(document));
            return true;
        });
        return new IngestOutcome(id, chunks.Count, !unchanged);
    }

    public async Task<bool> DeleteAsync(string collection, string id)
    {
        var found = false;
        await ChangeAsync(collection, id, (existing, transaction) =>
        {
            found = existing is not null;
            _ = transaction.HashDeleteAsync(Documents(collection), id);
            return found;
        });
        return found;
    }

    /// <summary>
    /// Changes one document atomically: its old chunks go, <paramref name="change"/> adds what replaces them,
    /// the collection's version moves. Optimistic: if another writer changed the document meanwhile, it starts again.
    /// </summary>
    private async Task ChangeAsync(string collection, string id, Func<KnowledgeDocument?, ITransaction, bool> change)
    {
        var db = redis.GetDatabase();
        for (var attempt = 0; ; attempt++)
        {
            var raw = await db.HashGetAsync(Documents(collection), id);
            var existing = raw.IsNullOrEmpty ? null : JsonSerializer.Deserialize<KnowledgeDocument>(raw.ToString());
            var transaction = db.CreateTransaction();
            transaction.AddCondition(raw.IsNullOrEmpty ? Condition.HashNotExists(Documents(collection), id) : Condition.HashEqual(Documents(collection), id, raw));
            if (existing is not null)
            {
                _ = transaction.HashDeleteAsync(ChunksKey(collection), Enumerable.Range(0, existing.Chunks).Select(i => (RedisValue)$"{id}#{i}").ToArray());
            }

            if (!change(existing, transaction))
            {
                return;
            }

            _ = transaction.StringIncrementAsync(VersionKey(collection));
            if (await transaction.ExecuteAsync())
            {
                return;
            }

            if (attempt == 10)
            {
                throw new InvalidOperationException($"Document '{id}' in collection '{collection}' kept changing under this write; nothing was changed.");
            }
        }
    }

    public async Task<KnowledgeDocument?> FindAsync(string collection, string id)
    {
        var json = await redis.GetDatabase().HashGetAsync(Documents(collection), id);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<KnowledgeDocument>(json.ToString());
    }

    public async Task<IReadOnlyList<KnowledgeDocument>> DocumentsAsync(string collection) =>
        (await redis.GetDatabase().HashValuesAsync(Documents(collection)))
            .Select(v => JsonSerializer.Deserialize<KnowledgeDocument>(v.ToString())!).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<string>> CollectionsAsync() =>
        (await redis.GetDatabase().SetMembersAsync(CollectionsKey)).Select(v => v.ToString()).Order(StringComparer.Ordinal).ToList();

    /// <summary>The best passages for a query; their score is BM25's (lexical), the cosine (dense) or the fused rank score (hybrid).</summary>
    public async Task<IReadOnlyList<RetrievedPassage>> RetrieveAsync(string collection, string query, int top, RetrievalMode mode = RetrievalMode.Dense)
    {
        var index = await IndexAsync(collection);
        var hits = mode switch
        {
            RetrievalMode.Lexical => index.Words.Search(query, top),
            RetrievalMode.Hybrid => Fuse(index.Words.Search(query, FusionDepth), Dense(index, query, FusionDepth), top),
            _ => Dense(index, query, top),
        };
        return hits.Select(hit => hit.Passage with { Score = Math.Round(hit.Score, 4) }).ToList();
    }

    private IReadOnlyList<(RetrievedPassage Passage, double Score)> Dense(CollectionIndex index, string query, int top)
    {
        if (index.Meanings.Count == 0)
        {
            return [];
        }

        var vector = embedder.Embed(query);
        return [.. index.Meanings.Select(m => (m.Passage, Score: (double)SentenceEmbedder.Cosine(vector, m.Vector))).OrderByDescending(m => m.Score).Take(top)];
    }

    private static IReadOnlyList<(RetrievedPassage Passage, double Score)> Fuse(
        IReadOnlyList<(RetrievedPassage Passage, double Score)> words, IReadOnlyList<(RetrievedPassage Passage, double Score)> meanings, int top)
    {
        var fused = new Dictionary<string, (RetrievedPassage Passage, double Score)>(StringComparer.Ordinal);
        foreach (var ranking in new[] { words, meanings })
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                var (passage, _) = ranking[rank];
                var key = passage.Reference;
                fused[key] = (passage, (fused.TryGetValue(key, out var known) ? known.Score : 0) + 1.0 / (FusionK + rank + 1));
            }
        }

        return [.. fused.Values.OrderByDescending(f => f.Score).ThenBy(f => f.Passage.Reference, StringComparer.Ordinal).Take(top)];
    }

    private async Task<CollectionIndex> IndexAsync(string collection)
    {
        var db = redis.GetDatabase();
        var version = (long?)await db.StringGetAsync(VersionKey(collection)) ?? 0;
        if (_indexes.TryGetValue(collection, out var cached) && cached.Version == version)
        {
            return cached.Index;
        }

        var documents = (await DocumentsAsync(collection)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var words = new Bm25Index<RetrievedPassage>();
        var passages = new List<RetrievedPassage>();
        foreach (var entry in (await db.HashValuesAsync(ChunksKey(collection))).Select(v => JsonSerializer.Deserialize<StoredChunk>(v.ToString())!)
                     .OrderBy(c => c.DocumentId, StringComparer.Ordinal).ThenBy(c => c.Chunk))
        {
            if (documents.TryGetValue(entry.DocumentId, out var document))
            {
                var passage = new RetrievedPassage(collection, entry.DocumentId, entry.Chunk, document.Title, document.Source, entry.Text, 0);
                words.Add(passage, entry.Text);
                passages.Add(passage);
            }
        }

        // A chunk's meaning is read with its document's title, as a reader would.
        var vectors = passages.Chunk(32).SelectMany(batch => embedder.Embed([.. batch.Select(p => $"{p.Title}. {p.Text}")])).ToList();
        var index = new CollectionIndex(words, [.. passages.Zip(vectors)]);
        _indexes[collection] = (version, index);
        return index;
    }

    private sealed record StoredChunk(string DocumentId, int Chunk, string Text);
}
