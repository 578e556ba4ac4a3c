using System.ClientModel;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Integration.Inference.Registry;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace Integration.Inference.Backends;

/// <summary>
/// A model server reached over HTTP: Ollama through OllamaSharp, or any OpenAI-compatible server (vLLM,
/// OpenAI) through Microsoft.Extensions.AI.OpenAI. Both are used as Microsoft.Extensions.AI clients.
/// </summary>
public sealed class UpstreamBackend(string name, BackendOptions options, IHttpClientFactory httpClients, TimeProvider time) : IModelBackend
{
    private readonly ConcurrentDictionary<string, IChatClient> _chat = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IEmbeddingGenerator<string, Embedding<float>>> _embedders = new(StringComparer.Ordinal);

    public string Name => name;

    public BackendKind Kind => options.Kind;

    public string? Endpoint => options.Endpoint;

    public bool Configured => !string.IsNullOrWhiteSpace(options.Endpoint);

    public IChatClient ChatClient(ModelDefinition model) => _chat.GetOrAdd(model.BackendModel, backendModel => options.Kind == BackendKind.Ollama
        ? new OllamaApiClient(Http(), backendModel)
        : OpenAI().GetChatClient(backendModel).AsIChatClient());

    public IEmbeddingGenerator<string, Embedding<float>> Embedder(ModelDefinition model) => _embedders.GetOrAdd(model.BackendModel, backendModel => options.Kind == BackendKind.Ollama
        ? new OllamaApiClient(Http(), backendModel)
        : OpenAI().GetEmbeddingClient(backendModel).AsIEmbeddingGenerator());

    public ValueTask<string> RevisionAsync(ModelDefinition model) => ValueTask.FromResult($"{model.BackendModel}@{model.Version}");

    public async Task<BackendProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            return new BackendProbe(name, Kind, null, false, false, "no endpoint configured", time.GetUtcNow());
        }

        try
        {
            // Ollama answers /api/version; OpenAI-compatible servers answer /v1/models.
            using var response = await Http().GetAsync(options.Kind == BackendKind.Ollama ? "api/version" : "v1/models", cancellationToken);
            return new BackendProbe(name, Kind, Endpoint, true, response.IsSuccessStatusCode,
                response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode}", time.GetUtcNow());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new BackendProbe(name, Kind, Endpoint, true, false, e.Message, time.GetUtcNow());
        }
    }

    private HttpClient Http()
    {
        var client = httpClients.CreateClient(UpstreamHttp.ClientName);
        client.BaseAddress = new Uri(options.Endpoint!.TrimEnd('/') + "/");
        client.Timeout = Timeout.InfiniteTimeSpan; // the router's per-backend timeout governs
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        }

        return client;
    }

    private OpenAIClient OpenAI() => new(
        new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(options.Endpoint!.TrimEnd('/') + (options.Endpoint!.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal) ? "" : "/v1")),
            Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(httpClients.CreateClient(UpstreamHttp.ClientName)),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
        });
}

public static class UpstreamHttp
{
    /// <summary>
    /// The HttpClient for model servers: no standard resilience handler, because retries and timeouts of
    /// model calls belong to the router (fallback chain, per-backend timeout), not to the transport.
    /// </summary>
    public const string ClientName = "model-upstream";
}
