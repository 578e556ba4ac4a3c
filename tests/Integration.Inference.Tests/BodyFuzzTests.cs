using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Inference.Tests;

/// <summary>Every body-taking endpoint refuses bad bodies with a 4xx and changes nothing.</summary>
public sealed class BodyFuzzTests(InferenceFactory service) : IClassFixture<InferenceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Messages = """[{"role":"user","content":"The tracking number for my parcel does not work."}]""";

    public static TheoryData<string, string, string, string> Endpoints => new()
    {
        { "POST", "/api/chat", $$"""{"model":"ticket-classifier","messages":{{Messages}},"stream":false}""", Roles.Service },
        { "POST", "/api/generate", """{"model":"ticket-summarizer","prompt":"Where is my parcel? It has not moved for a week.","stream":false}""", Roles.Service },
        { "POST", "/api/embed", """{"model":"kb-embedder","input":"refund policy"}""", Roles.Service },
        { "POST", "/api/embeddings", """{"model":"kb-embedder","prompt":"refund policy"}""", Roles.Service },
        { "POST", "/api/show", """{"model":"ticket-classifier"}""", Roles.Service },
        { "POST", "/v1/chat/completions", $$"""{"model":"ticket-classifier","messages":{{Messages}},"stream":false,"max_tokens":50}""", Roles.Service },
        { "POST", "/v1/embeddings", """{"model":"kb-embedder","input":"refund policy"}""", Roles.Service },
        { "PUT", "/v1/kb/collections/fuzzed/documents/doc-1", """{"title":"Refunds","source":"kb://refunds","format":"markdown","content":"Refunds take five days."}""", Roles.Designer },
        { "POST", "/v1/kb/collections/support/retrieve", """{"query":"refund","top":3}""", Roles.Service },
        { "POST", "/v1/training/ticket-classifier/runs", """{"dataset":"shipped","testFraction":0.2,"seed":7,"promote":false}""", Roles.Designer },
        { "POST", "/v1/training/ticket-classifier/versions/1/promote", """{"override":true,"reason":"fuzzing"}""", Roles.Admin },
        { "POST", "/v1/datasets/feedback/items", """{"model":"ticket-classifier","items":[{"id":"t-1:classify","text":"Where is my parcel?","label":"shipping","source":"feedback:fuzz"}]}""", Roles.Service },
        { "POST", "/v1/evaluations", """{"model":"ticket-classifier","version":1,"dataset":"golden"}""", Roles.Designer },
        { "POST", "/v1/evaluations/compare", """{"model":"ticket-classifier","a":1,"b":1,"dataset":"golden"}""", Roles.Designer },
        { "POST", "/v1/datasets/golden", """{"model":"ticket-classifier","share":0.2}""", Roles.Admin },
        { "POST", "/v1/evaluations/backends", """{"model":"llm-chat","labelsOf":"ticket-classifier","dataset":"golden","limit":5}""", Roles.Designer },
        { "POST", "/v1/evaluations/drafters", """{"model":"reply-drafter-concise","labelsOf":"ticket-classifier","dataset":"golden","limit":5}""", Roles.Designer },
        { "POST", "/v1/evaluations/extractors", """{"model":"ticket-extractor"}""", Roles.Designer },
        { "PUT", "/v1/drift/ticket-classifier/reference", """{"from":"2026-11-01T00:00:00Z","to":"2026-11-30T00:00:00Z"}""", Roles.Admin },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_bad_body_is_refused_with_4xx_and_changes_nothing(string method, string path, string validJson, string role)
    {
        var client = service.CreateClient("fuzzer", role);
        var reader = service.CreateClient("dora", Roles.Designer, Roles.Admin);

        await BodyFuzzAssert.EveryVariantIsRefusedAndChangesNothingAsync(client, new HttpMethod(method), path, validJson,
            async () => await reader.GetStringAsync("/api/tags", Cancel) + await reader.GetStringAsync("/v1/kb/collections", Cancel) +
                        await reader.GetStringAsync("/v1/training/ticket-classifier/versions", Cancel) +
                        await reader.GetStringAsync("/v1/datasets?model=ticket-classifier", Cancel) + await reader.GetStringAsync("/v1/training/ticket-classifier/promotions", Cancel) +
                        await reader.GetStringAsync("/v1/datasets/golden", Cancel),
            // Promoting the version already serving without an override is a request that does nothing, answered 200.
            Cancel, refusedAnotherWay: (response, body) => path.EndsWith("/promote", StringComparison.Ordinal) && response.IsSuccessStatusCode && body.Contains("\"checks\":[]", StringComparison.Ordinal),
            // Embedding input is a string or a list of them: no one type is wrong for it. Prompts and documents may be long.
            // OpenAI's message content is text or a list of parts.
            freeForm: ["input", "$.messages[0].content"], longText: ["content", "prompt", "query"]);
    }
}

/// <summary>The inference service's routes: each that may take a body is fuzzed above or takes none; no path or query value gets a 5xx.</summary>
public sealed class RouteFuzzTests(InferenceFactory service) : RouteFuzzTests<Program>(service), IClassFixture<InferenceFactory>
{
    protected override IEnumerable<(string Method, string Path)> Fuzzed => Of(BodyFuzzTests.Endpoints);

    // Ollama's model management, answered 501 whatever the body or path: this gateway serves the models of its configuration.
    protected override IReadOnlyList<string> TakeNoBody => ["POST /api/blobs/{digest}", "POST /api/copy", "POST /api/create", "POST /api/delete", "POST /api/pull", "POST /api/push"];

    protected override bool Include(string pattern) => !TakeNoBody.Any(r => r.EndsWith(" " + pattern, StringComparison.Ordinal));
}
