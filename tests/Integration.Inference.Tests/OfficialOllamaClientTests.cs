using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Inference.Tests;

/// <summary>The inference service on a real port, for a client in its own process.</summary>
public sealed class KestrelInferenceFactory : ServiceFactory<Program>
{
    protected override bool OnRealPort => true;
}

/// <summary>The official Ollama JavaScript client (npm "ollama"), unchanged, against the gateway.</summary>
public sealed class OfficialOllamaClientTests(KestrelInferenceFactory service) : IClassFixture<KestrelInferenceFactory>
{
    private static readonly NodeScripts Scripts = new(Path.Combine(AppContext.BaseDirectory, "ThirdParty"));

    [Fact]
    public async Task Chat_streaming_structured_output_generate_with_context_embeddings_and_model_listing_work()
    {
        var result = await Scripts.RunAsync("ollama.mjs", new Dictionary<string, string>
        {
            ["BASE_URL"] = service.Url,
            ["TOKEN"] = ServiceFactory<Program>.IssueToken(service.SigningKey, "js-client", [Roles.Designer], TimeSpan.FromHours(1)),
        }, TestContext.Current.CancellationToken);

        Assert.Equal("account", result.GetProperty("label").GetString());
        Assert.True(result.GetProperty("streamedDone").GetBoolean());
        Assert.True(result.GetProperty("streamedLength").GetInt32() > 10);
        Assert.True(result.GetProperty("evalCount").GetInt32() > 0);
        Assert.Equal("ORD-123456", result.GetProperty("order").GetString());
        Assert.Equal("One sentence only.", result.GetProperty("generated").GetString());
        Assert.True(result.GetProperty("context").GetInt32() > 0);
        Assert.True(result.GetProperty("followUpContext").GetInt32() > result.GetProperty("context").GetInt32());
        Assert.Equal(2, result.GetProperty("embeddings").GetInt32());
        Assert.Equal(512, result.GetProperty("dimensions").GetInt32());
        Assert.True(result.GetProperty("models").GetInt32() >= 7);
        Assert.Equal("completion", result.GetProperty("capabilities")[0].GetString());
        Assert.Equal(404, result.GetProperty("missing").GetProperty("status").GetInt32());
        Assert.Equal("model 'no-such-model' not found", result.GetProperty("missing").GetProperty("error").GetString());
    }
}
