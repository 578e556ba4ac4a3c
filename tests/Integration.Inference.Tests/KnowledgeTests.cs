using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;

namespace Integration.Inference.Tests;

public sealed class KnowledgeTests(InferenceFactory service, ITestOutputHelper output) : IClassFixture<InferenceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Designer => service.CreateClient("dora", Roles.Designer);

    [Fact]
    public async Task Retrieval_over_the_shipped_knowledge_base_finds_the_right_article_in_the_top_five()
    {
        using var set = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "kb-queries.synthetic.json"), Cancel));
        var queries = set.RootElement.GetProperty("queries").EnumerateArray().ToList();
        var hits = 0;
        var reciprocalRanks = 0.0;
        foreach (var query in queries)
        {
            var relevant = query.GetProperty("relevant").EnumerateArray().Select(r => r.GetString()).ToHashSet();
            var response = await Designer.PostAsJsonAsync("/v1/kb/collections/support/retrieve", new { query = query.GetProperty("query").GetString(), top = 5 }, Cancel);
            var passages = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("passages").EnumerateArray()
                .Select(p => p.GetProperty("documentId").GetString()).ToList();
            var rank = passages.FindIndex(relevant.Contains);
            hits += rank >= 0 ? 1 : 0;
            reciprocalRanks += rank >= 0 ? 1.0 / (rank + 1) : 0;
            if (rank != 0)
            {
                output.WriteLine($"rank {rank + 1}: {query.GetProperty("query").GetString()} -> {string.Join(", ", passages)}");
            }
        }

        var recallAt5 = (double)hits / queries.Count;
        output.WriteLine($"recall@5 {recallAt5:P1}, MRR {reciprocalRanks / queries.Count:0.000} over {queries.Count} labeled queries");
        Assert.True(recallAt5 >= 0.9, $"recall@5 is {recallAt5:P1}");
    }

    [Fact]
    public async Task Retrieval_by_meaning_finds_more_than_words_alone_on_the_labeled_queries_and_serves_by_default()
    {
        var lexical = await QualityAsync("lexical");
        var dense = await QualityAsync("dense");
        var hybrid = await QualityAsync("hybrid");
        output.WriteLine($"recall@5 / MRR over the labeled queries: lexical (BM25) {lexical.Recall:P1} / {lexical.Mrr:0.000}, " +
                         $"dense (all-MiniLM-L6-v2) {dense.Recall:P1} / {dense.Mrr:0.000}, hybrid {hybrid.Recall:P1} / {hybrid.Mrr:0.000}");

        var byDefault = await QualityAsync(null);
        Assert.True(dense.Recall >= lexical.Recall && dense.Mrr > lexical.Mrr, $"dense {dense.Recall:P1} / {dense.Mrr:0.000} is not better than lexical");
        Assert.True(hybrid.Recall >= lexical.Recall && hybrid.Mrr >= lexical.Mrr, $"hybrid {hybrid.Recall:P1} / {hybrid.Mrr:0.000} is worse than lexical");
        Assert.True(dense.Mrr >= hybrid.Mrr, "the default is not the best measured");
        Assert.Equal(dense, byDefault);
    }

    private async Task<(double Recall, double Mrr)> QualityAsync(string? mode)
    {
        using var set = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "kb-queries.synthetic.json"), Cancel));
        var queries = set.RootElement.GetProperty("queries").EnumerateArray().ToList();
        var (hits, reciprocalRanks) = (0, 0.0);
        foreach (var query in queries)
        {
            var relevant = query.GetProperty("relevant").EnumerateArray().Select(r => r.GetString()).ToHashSet();
            var response = await Designer.PostAsJsonAsync("/v1/kb/collections/support/retrieve", new { query = query.GetProperty("query").GetString(), top = 5, mode }, Cancel);
            var passages = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("passages").EnumerateArray()
                .Select(p => p.GetProperty("documentId").GetString()).ToList();
            var rank = passages.FindIndex(relevant.Contains);
            hits += rank >= 0 ? 1 : 0;
            reciprocalRanks += rank >= 0 ? 1.0 / (rank + 1) : 0;
        }

        return ((double)hits / queries.Count, reciprocalRanks / queries.Count);
    }

    [Fact]
    public async Task Passages_carry_scores_and_source_references()
    {
        var response = await Designer.PostAsJsonAsync("/v1/kb/collections/support/retrieve", new { query = "how do I reset my password", top = 3 }, Cancel);
        var passages = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("passages").EnumerateArray().ToList();

        Assert.Equal(3, passages.Count);
        Assert.Equal("kb://support/password-reset#0", passages[0].GetProperty("reference").GetString());
        Assert.Equal("Resetting your password", passages[0].GetProperty("title").GetString());
        Assert.Equal("shipped:Data/kb/password-reset.md", passages[0].GetProperty("source").GetString());
        Assert.True(passages[0].GetProperty("score").GetDouble() > passages[2].GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Html_and_text_documents_are_ingested_replaced_and_deleted()
    {
        var collection = $"test-{Guid.NewGuid():N}"[..20];
        using var html = await Designer.PutAsJsonAsync($"/v1/kb/collections/{collection}/documents/loyalty",
            new { format = "html", content = "<html><head><title>Loyalty points</title><style>p{}</style></head><body><p>Points expire after 24 months.</p><p>Gold members earn double points &amp; free shipping.</p></body></html>" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);

        var found = await Retrieve(collection, "when do my points expire");
        Assert.Equal("Loyalty points", found[0].GetProperty("title").GetString());
        Assert.Contains("double points & free shipping", found[0].GetProperty("text").GetString());
        Assert.DoesNotContain("<p>", found[0].GetProperty("text").GetString());

        using var replaced = await Designer.PutAsJsonAsync($"/v1/kb/collections/{collection}/documents/loyalty",
            new { format = "text", title = "Loyalty points", content = "Points never expire." }, Cancel);
        Assert.Contains("never expire", (await Retrieve(collection, "when do my points expire"))[0].GetProperty("text").GetString());

        using var again = await Designer.PutAsJsonAsync($"/v1/kb/collections/{collection}/documents/loyalty",
            new { format = "text", title = "Loyalty points", content = "Points never expire." }, Cancel);
        Assert.False((await again.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("changed").GetBoolean());

        using var deleted = await Designer.DeleteAsync($"/v1/kb/collections/{collection}/documents/loyalty", Cancel);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await Retrieve(collection, "when do my points expire"));
    }

    [Fact]
    public async Task A_bad_upload_is_400_with_paths_and_stores_nothing()
    {
        using var response = await Designer.PutAsJsonAsync("/v1/kb/collections/Bad Name/documents/x", new { content = "" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("collection", out _));
        Assert.True(errors.TryGetProperty("$.content", out _));
    }

    [Fact]
    public async Task The_drafter_cites_the_passages_it_used()
    {
        var (_, body) = await Designer.ChatAsync("reply-drafter-detailed",
            "Hello, I am <PERSON_1>. My account is locked after too many login attempts. Please unlock it.", Cancel);
        var reply = body.GetProperty("message").GetProperty("content").GetString()!;

        Assert.StartsWith("Hello <PERSON_1>,", reply);
        Assert.Contains("[1]", reply);
        Assert.Contains("kb://support/locked-accounts#0", reply);
    }

    private async Task<List<JsonElement>> Retrieve(string collection, string query)
    {
        var response = await Designer.PostAsJsonAsync($"/v1/kb/collections/{collection}/retrieve", new { query }, Cancel);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("passages").EnumerateArray().ToList();
    }
}

/// <summary>Sentence embeddings (all-MiniLM-L6-v2) through the Ollama and OpenAI embedding APIs.</summary>
public sealed class SentenceEmbeddingTests(InferenceFactory service) : IClassFixture<InferenceFactory>
{
    [Fact]
    public async Task Sentence_embeddings_place_a_paraphrase_nearer_than_another_topic()
    {
        var client = service.CreateClient("dora", Roles.Designer);
        using var response = await client.PostAsJsonAsync("/api/embed", new
        {
            model = "sentence-embedder",
            input = new[] { "My parcel has not arrived and tracking is stuck.", "The package I ordered never showed up; the tracking page has not moved.", "Please change the email address on my account." },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var vectors = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("embeddings").EnumerateArray()
            .Select(v => v.EnumerateArray().Select(x => x.GetSingle()).ToArray()).ToList();
        Assert.All(vectors, v => Assert.Equal(384, v.Length));
        static double Cosine(float[] a, float[] b) => a.Zip(b).Sum(p => (double)p.First * p.Second) / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(x => (double)x * x));
        Assert.True(Cosine(vectors[0], vectors[1]) > Cosine(vectors[0], vectors[2]) + 0.3, $"{Cosine(vectors[0], vectors[1]):0.000} vs {Cosine(vectors[0], vectors[2]):0.000}");
    }
}
