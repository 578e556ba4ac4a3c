using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Integration.Inference.Backends;
using Integration.Inference.Gateway;
using Integration.Inference.Registry;
using Microsoft.Extensions.AI;

namespace Integration.Inference.Ollama;

/// <summary>Ollama's REST API (chat, generate, embed, tags, show, ps, version), served by the gateway.</summary>
public static class OllamaEndpoints
{
    /// <summary>The Ollama API version whose shapes this gateway follows.</summary>
    public const string CompatibleVersion = "0.12.0";

    public static void MapOllamaEndpoints(this IEndpointRouteBuilder app)
    {
        // A body that is not I-JSON is answered in Ollama's own error shape, like any other bad request.
        var api = app.MapGroup("/api").WithTags("Ollama API").WithMetadata(new ApiRefusal(e => Error(e)));
        api.MapPost("/chat", Chat);
        api.MapPost("/generate", Generate);
        api.MapPost("/embed", Embed);
        api.MapPost("/embeddings", Embeddings);
        api.MapGet("/tags", Tags);
        api.MapPost("/show", Show);
        api.MapGet("/ps", Running);
        api.MapGet("/version", () => TypedResults.Json(new { version = CompatibleVersion }, JsonNames.SnakeCase));
        foreach (var path in new[] { "/pull", "/push", "/create", "/copy", "/delete", "/blobs/{digest}" })
        {
            api.MapMethods(path, ["POST", "DELETE", "HEAD"], () => Error(new GatewayException(501,
                "this gateway serves the models in its configuration (Inference:Models); models are not pulled, pushed, created, copied or deleted through it")));
        }
    }

    private static async Task Chat(HttpContext context, InferenceGateway gateway, CancellationToken cancellationToken)
    {
        await Guarded(context, async () =>
        {
            var request = await RequestReading.ReadAsync<OllamaChatRequest>(context.Request, cancellationToken);
            if (request.Tools is { ValueKind: JsonValueKind.Array } tools && tools.GetArrayLength() > 0)
            {
                throw new GatewayException(400, $"model '{request.Model}' does not support tools through this gateway");
            }

            if (request.Messages?.Select((m, i) => (m, i)).FirstOrDefault(x => x.m.Images is { Count: > 0 }) is { m: not null } withImages)
            {
                throw new GatewayException(400, $"$.messages[{withImages.i}].images: images are not supported through this gateway");
            }

            var messages = (request.Messages ?? []).Select((m, i) => new ChatMessage(RequestReading.Role(m.Role, $"$.messages[{i}].role"), m.Content ?? "")).ToList();
            await Answer(context, gateway, request.Model, messages, request.Format, request.Options, request.Stream ?? true, null, cancellationToken);
        });
    }

    /// <remarks>
    /// Ollama's <c>context</c> is the exchange as the model's token ids, sent back by a client to go on with a conversation.
    /// Here it is the exchange's text as cl100k token ids (the backends behind Microsoft.Extensions.AI expose none of their
    /// own): a context sent back is read as text and given to the model as the conversation so far.
    /// </remarks>
    private static async Task Generate(HttpContext context, InferenceGateway gateway, TokenCounter tokens, CancellationToken cancellationToken)
    {
        await Guarded(context, async () =>
        {
            var request = await RequestReading.ReadAsync<OllamaGenerateRequest>(context.Request, cancellationToken);
            if (request.Images is { Count: > 0 })
            {
                throw new GatewayException(400, "$.images: images are not supported through this gateway");
            }

            var earlier = request.Context is { Count: > 0 } ids
                ? tokens.Decode(ids) ?? throw new GatewayException(400, "$.context holds token ids this gateway did not give out; send back the context of an earlier answer")
                : null;
            List<ChatMessage> messages = string.IsNullOrEmpty(request.Prompt) ? [] : [new ChatMessage(ChatRole.User, request.Prompt)];
            if (earlier is not null && messages.Count > 0)
            {
                messages.Insert(0, new ChatMessage(ChatRole.System, "The conversation so far:\n" + earlier));
            }

            if (!string.IsNullOrEmpty(request.System) && messages.Count > 0)
            {
                messages.Insert(0, new ChatMessage(ChatRole.System, request.System));
            }

            var exchange = (string answer) => (IReadOnlyList<int>)tokens.Encode(string.Join("\n\n", new[] { earlier, request.Prompt, answer }.Where(t => !string.IsNullOrEmpty(t))));
            await Answer(context, gateway, request.Model, messages, request.Format, request.Options, request.Stream ?? true, exchange, cancellationToken);
        });
    }

    /// <param name="exchange">For /api/generate: the context to answer with, given the answer's text; null for /api/chat.</param>
    private static async Task Answer(HttpContext context, InferenceGateway gateway, string? model, List<ChatMessage> messages, JsonElement? format,
        OllamaModelOptions? options, bool stream, Func<string, IReadOnlyList<int>>? exchange, CancellationToken cancellationToken)
    {
        var prepared = await gateway.PrepareAsync(new ChatCall(model, messages, format, "$.format", ToChatOptions(options),
            RequestReading.RoutingKey(context.Request), RequestReading.Caller(context.User)));
        var name = model!;
        if (messages.Count == 0)
        {
            // Ollama answers an empty request by loading the model: done, with reason "load".
            await WriteJson(context.Response, Reply(name, exchange, "", done: true, null), "load");
            return;
        }

        if (!stream)
        {
            var answer = await gateway.ChatAsync(prepared, cancellationToken);
            RequestReading.DescribeServedBy(context.Response, answer);
            await WriteJson(context.Response, Reply(name, exchange, answer.Content, true, answer), answer.FinishReason);
            return;
        }

        var started = false;
        var streamed = new System.Text.StringBuilder();
        try
        {
            await foreach (var piece in gateway.StreamAsync(prepared, cancellationToken))
            {
                streamed.Append(piece.Delta);
                if (!started)
                {
                    context.Response.ContentType = "application/x-ndjson";
                    started = true;
                }

                var line = piece.Final is null ? Reply(name, exchange, piece.Delta, false, null) : Reply(name, exchange, "", true, piece.Final, streamed.ToString());
                await context.Response.WriteAsync(JsonSerializer.Serialize(line, JsonNames.SnakeCase) + "\n", cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (GatewayException e) when (started)
        {
            // Headers are gone: Ollama reports a failure mid-stream as a last line with "error".
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = e.Message }) + "\n", cancellationToken);
        }
    }

    /// <param name="whole">The whole answer when <paramref name="content"/> is only the last piece of a stream.</param>
    private static object Reply(string model, Func<string, IReadOnlyList<int>>? exchange, string content, bool done, ChatAnswer? answer, string? whole = null)
    {
        var created = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        var (total, promptEval, eval) = Durations(answer);
        string? reason = done ? answer?.FinishReason ?? "load" : null;
        return exchange is null
            ? new OllamaChatResponse(model, created, new OllamaMessage("assistant", content), done, reason,
                answer is null ? null : total, answer is null ? null : 0, answer?.PromptTokens, answer is null ? null : promptEval, answer?.CompletionTokens, answer is null ? null : eval)
            : new OllamaGenerateResponse(model, created, content, done, reason,
                answer is null ? null : total, answer is null ? null : 0, answer?.PromptTokens, answer is null ? null : promptEval, answer?.CompletionTokens, answer is null ? null : eval,
                done ? answer is null ? [] : exchange(whole ?? content) : null);
    }

    /// <summary>
    /// Durations in nanoseconds. Backends behind Microsoft.Extensions.AI report only the whole call, so the
    /// time is shared between prompt evaluation and generation by token counts; load time is 0 (models stay loaded).
    /// </summary>
    private static (long Total, long PromptEval, long Eval) Durations(ChatAnswer? answer)
    {
        if (answer is null)
        {
            return (0, 0, 0);
        }

        var total = (long)(answer.Duration.TotalMicroseconds * 1000);
        var tokens = Math.Max(1, answer.PromptTokens + answer.CompletionTokens);
        var promptEval = total * answer.PromptTokens / tokens;
        return (total, promptEval, total - promptEval);
    }

    private static async Task WriteJson(HttpResponse response, object reply, string reason)
    {
        reply = reply switch
        {
            OllamaChatResponse c => c with { DoneReason = reason },
            OllamaGenerateResponse g => g with { DoneReason = reason },
            _ => reply,
        };
        await response.WriteAsJsonAsync(reply, reply.GetType(), JsonNames.SnakeCase);
    }

    private static async Task Embed(HttpContext context, InferenceGateway gateway, CancellationToken cancellationToken)
    {
        await Guarded(context, async () =>
        {
            var request = await RequestReading.ReadAsync<OllamaEmbedRequest>(context.Request, cancellationToken);
            var inputs = Inputs(request.Input, "$.input");
            var answer = await gateway.EmbedAsync(request.Model, inputs, RequestReading.RoutingKey(context.Request), RequestReading.Caller(context.User), cancellationToken);
            var nanoseconds = (long)(answer.Duration.TotalMicroseconds * 1000);
            await context.Response.WriteAsJsonAsync(new OllamaEmbedResponse(request.Model!, answer.Vectors, nanoseconds, 0, answer.PromptTokens), JsonNames.SnakeCase);
        });
    }

    private static async Task Embeddings(HttpContext context, InferenceGateway gateway, CancellationToken cancellationToken)
    {
        await Guarded(context, async () =>
        {
            var request = await RequestReading.ReadAsync<OllamaEmbeddingsRequest>(context.Request, cancellationToken);
            var answer = await gateway.EmbedAsync(request.Model, [request.Prompt ?? ""], RequestReading.RoutingKey(context.Request), RequestReading.Caller(context.User), cancellationToken);
            await context.Response.WriteAsJsonAsync(new OllamaEmbeddingsResponse(answer.Vectors[0]), JsonNames.SnakeCase);
        });
    }

    internal static IReadOnlyList<string> Inputs(JsonElement? input, string path) => input switch
    {
        { ValueKind: JsonValueKind.String } text => [RequestReading.Text(text, path)],
        { ValueKind: JsonValueKind.Array } array when array.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
            array.EnumerateArray().Select((e, i) => RequestReading.Text(e, $"{path}[{i}]")).ToList(),
        _ => throw new GatewayException(400, $"{path} must be a string or an array of strings"),
    };

    private static IResult Tags(ModelRegistry registry) => TypedResults.Json(
        new OllamaTagsResponse(registry.All.OrderBy(m => m.Name, StringComparer.Ordinal).Select(Entry).ToList()), JsonNames.SnakeCase);

    private static async Task Show(HttpContext context, ModelRegistry registry, CancellationToken cancellationToken)
    {
        await Guarded(context, async () =>
        {
            var request = await RequestReading.ReadAsync<OllamaShowRequest>(context.Request, cancellationToken);
            var model = registry.Find(request.Model ?? request.Name) ?? throw GatewayException.UnknownModel(request.Model ?? request.Name);
            var description = ModelCards.Description(model);
            var info = new Dictionary<string, object?>
            {
                ["general.architecture"] = ModelCards.Format(model),
                ["general.description"] = description,
                ["inference.task"] = model.Task.ToString().ToLowerInvariant(),
                ["inference.backend"] = model.Backend,
                ["inference.backend_model"] = model.BackendModel,
                ["inference.version"] = model.Version,
                ["inference.context_length"] = model.ContextLength,
                ["inference.cost_per_1k_input"] = model.CostPer1kInput,
                ["inference.cost_per_1k_output"] = model.CostPer1kOutput,
                ["inference.fallback"] = model.Fallback,
                ["inference.split"] = model.Split.Select(v => new { model = v.Model, weight = v.Weight }),
            };
            await context.Response.WriteAsJsonAsync(new OllamaShowResponse(
                $"# {model.Name}: {description}\n# Served by the Integration Suite inference gateway; there is no Modelfile.\n",
                $"num_ctx {model.ContextLength}",
                "",
                "",
                Details(model),
                info,
                ModelCards.Capabilities(model),
                Stamp), JsonNames.SnakeCase);
        });
    }

    private static async Task<IResult> Running(ModelRegistry registry, BackendSet backends, GpuProbe gpu, CancellationToken cancellationToken)
    {
        var probes = (await backends.ProbeAsync(cancellationToken)).ToDictionary(p => p.Name);
        var models = registry.All.Where(m => !m.IsSplit).OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new OllamaRunningModel(m.Name + ":latest", m.Name + ":latest", 0, ModelCards.Digest(m), Details(m),
                "9999-12-31T23:59:59Z", 0, m.Backend, probes[m.Backend].Live))
            .ToList();
        return TypedResults.Json(new { models, backends = probes.Values, gpu = gpu.Current }, JsonNames.SnakeCase);
    }

    private static OllamaModelEntry Entry(ModelDefinition model) =>
        new(model.Name + ":latest", model.Name + ":latest", Stamp, 0, ModelCards.Digest(model), Details(model));

    private static OllamaModelDetails Details(ModelDefinition model) =>
        new("", ModelCards.Format(model), ModelCards.Family(model), [ModelCards.Family(model)], model.Backend == "embedded" ? "task-specific" : "upstream", "none");

    private static readonly string Stamp = Process.GetCurrentProcess().StartTime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static ChatOptions ToChatOptions(OllamaModelOptions? options) => new()
    {
        Temperature = options?.Temperature,
        MaxOutputTokens = options?.NumPredict is > 0 ? options.NumPredict : null,
        Seed = options?.Seed,
        StopSequences = options?.Stop?.ToList(),
        TopP = options?.TopP,
        TopK = options?.TopK,
    };

    private static Task Guarded(HttpContext context, Func<Task> handle) => RequestReading.Guarded(context, handle, Error);

    private static IResult Error(GatewayException e) => TypedResults.Json(new { error = e.Message }, statusCode: e.Status);
}
