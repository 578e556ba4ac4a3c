using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OllamaSharp;

namespace Integration.Workflows.Services;

/// <param name="ServedModel">The model that answered: a variant of an A/B split (the arm) or a fallback, where the step named another.</param>
/// <param name="Revision">Which version of it answered, as the gateway says (null where it does not).</param>
/// <param name="Cost">What the call cost at the model's configured prices, as the gateway says.</param>
public sealed record ModelAnswer(string Text, string ServedModel, long InputTokens, long OutputTokens, string? Revision = null, decimal? Cost = null);

/// <summary>
/// The inference service as the workflow service calls it: its models through Microsoft.Extensions.AI's
/// <see cref="IChatClient"/> over the service's Ollama API (OllamaSharp), and knowledge-base retrieval.
/// </summary>
public sealed class InferenceClient(HttpClient http)
{
    /// <param name="routingKey">Keeps one instance on one A/B variant of the model.</param>
    public async Task<ModelAnswer> AskAsync(string model, string text, JsonElement? schema, double? temperature, string routingKey, CancellationToken cancellationToken)
    {
        // A client per call, over the shared HttpClient (not disposed with it): the routing key is a header of this call only.
        var ollama = new OllamaApiClient(http, model);
        ollama.DefaultRequestHeaders[InferenceHeaders.RoutingKey] = routingKey;
        var options = new ChatOptions
        {
            ModelId = model,
            Temperature = (float?)temperature,
            ResponseFormat = schema is { } format ? ChatResponseFormat.ForJsonSchema(format) : null,
        };
        var served = ServedModelHandler.Watch();
        try
        {
            var response = await ((IChatClient)ollama).GetResponseAsync([new ChatMessage(ChatRole.User, text)], options, cancellationToken);
            return new ModelAnswer(response.Text, served.Model ?? model, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, served.Revision, served.Cost);
        }
        catch (HttpRequestException e)
        {
            throw new ServiceCallException($"model {model} answered {(e.StatusCode is { } status ? (int)status : "no answer")}: {e.Message}", e.StatusCode);
        }
        catch (OllamaSharp.Models.Exceptions.OllamaException e)
        {
            throw new ServiceCallException($"model {model}: {e.Message}");
        }
    }

    /// <summary>Examples for a model's feedback dataset; ones sent before (the same ids) are kept as they were.</summary>
    public Task<FeedbackAdded> AddFeedbackAsync(FeedbackItems items, CancellationToken cancellationToken) =>
        ServiceCalls.PostAsync<FeedbackItems, FeedbackAdded>(http, DatasetRoutes.FeedbackItems, items, "the feedback dataset", cancellationToken);

    /// <summary>A model as the registry describes it (an alias's arms).</summary>
    public async Task<RegistryModel> ModelAsync(string model, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(RegistryRoutes.Model(model), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ServiceCallException($"the model registry answered {(int)response.StatusCode} for '{model}'", response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<RegistryModel>(ServiceCalls.Json, cancellationToken)
               ?? throw new ServiceCallException($"the model registry answered nothing for '{model}'.");
    }

    /// <summary>A training run of an embedded classifier, once per idempotency key (a retried step gets the first run's result).</summary>
    public Task<RetrainingResult> RetrainAsync(string model, RetrainingRequest request, CancellationToken cancellationToken) =>
        ServiceCalls.PostAsync<RetrainingRequest, RetrainingResult>(http, TrainingRoutes.Runs(model), request, $"training {model}", cancellationToken);

    public Task<RetrieveResponse> RetrieveAsync(string collection, RetrieveRequest request, CancellationToken cancellationToken) =>
        ServiceCalls.PostAsync<RetrieveRequest, RetrieveResponse>(http, KnowledgeRoutes.Retrieve(collection), request, "knowledge-base retrieval", cancellationToken);
}

/// <summary>
/// Reads which model and version the gateway says served a call (<see cref="InferenceHeaders.ServedModel"/>), which
/// <see cref="IChatClient"/> does not carry: the calling flow watches, this handler in the client's pipeline notes it.
/// </summary>
public sealed class ServedModelHandler : DelegatingHandler
{
    private static readonly AsyncLocal<Watcher?> Current = new();

    public sealed class Watcher
    {
        public string? Model { get; internal set; }

        public string? Revision { get; internal set; }

        public decimal? Cost { get; internal set; }
    }

    /// <summary>Starts watching the calls this flow makes from here on.</summary>
    public static Watcher Watch() => Current.Value = new Watcher();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (Current.Value is { } watcher && response.Headers.TryGetValues(InferenceHeaders.ServedModel, out var names))
        {
            watcher.Model = names.FirstOrDefault();
            watcher.Revision = response.Headers.TryGetValues(InferenceHeaders.ServedRevision, out var revisions) ? revisions.FirstOrDefault() : null;
            watcher.Cost = response.Headers.TryGetValues(InferenceHeaders.Cost, out var costs) &&
                           decimal.TryParse(costs.FirstOrDefault(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var cost)
                ? cost
                : null;
        }

        return response;
    }
}
