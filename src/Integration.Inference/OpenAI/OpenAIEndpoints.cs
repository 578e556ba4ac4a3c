using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Integration.Inference.Gateway;
using Integration.Inference.Ollama;
using Integration.Inference.Registry;
using Microsoft.Extensions.AI;

namespace Integration.Inference.OpenAI;

/// <summary>OpenAI's chat completions (with server-sent events), embeddings and models APIs, served by the gateway.</summary>
public static class OpenAIEndpoints
{
    public static void MapOpenAIEndpoints(this IEndpointRouteBuilder app)
    {
        // A body that is not I-JSON is answered in OpenAI's own error shape, like any other bad request.
        var api = app.MapGroup("/v1").WithTags("OpenAI-compatible API").WithMetadata(new ApiRefusal(e => Error(e)));
        api.MapPost("/chat/completions", ChatCompletions);
        api.MapPost("/embeddings", Embeddings);
        api.MapGet("/models", Models);
        api.MapGet("/models/{*id}", Model);
    }

    private static async Task ChatCompletions(HttpContext context, InferenceGateway gateway, CancellationToken cancellationToken)
    {
        await Guarded(context, async () =>
        {
            var request = await RequestReading.ReadAsync<OpenAIChatRequest>(context.Request, cancellationToken);
            if (request.Tools is { ValueKind: JsonValueKind.Array } tools && tools.GetArrayLength() > 0)
            {
                throw new GatewayException(400, "tools are not supported through this gateway", "unsupported_parameter");
            }

            if (request.N is > 1)
            {
                throw new GatewayException(400, "n greater than 1 is not supported", "unsupported_parameter");
            }

            var messages = (request.Messages ?? []).Select((m, i) => new ChatMessage(RequestReading.Role(m.Role, $"$.messages[{i}].role", allowDeveloper: true), Text(m.Content, $"$.messages[{i}].content"))).ToList();
            if (messages.Count == 0)
            {
                throw new GatewayException(400, "$.messages must contain at least one message");
            }

            var (format, formatPath) = request.ResponseFormat switch
            {
                null or { Type: "text" } => ((JsonElement?)null, "$.response_format"),
                { Type: "json_object" } => (JsonSerializer.SerializeToElement("json"), "$.response_format"),
                { Type: "json_schema", JsonSchema.Schema: { } schema } => (schema, "$.response_format.json_schema.schema"),
                _ => throw new GatewayException(400, "$.response_format.type must be text, json_object or json_schema (with json_schema.schema)"),
            };
            var options = new ChatOptions
            {
                Temperature = request.Temperature,
                MaxOutputTokens = request.MaxCompletionTokens ?? request.MaxTokens,
                Seed = request.Seed,
                TopP = request.TopP,
                StopSequences = request.Stop switch
                {
                    { ValueKind: JsonValueKind.String } one => [RequestReading.Text(one, "$.stop")],
                    { ValueKind: JsonValueKind.Array } many => many.EnumerateArray().Select((s, i) => RequestReading.Text(s, $"$.stop[{i}]")).ToList(),
                    _ => null,
                },
            };
            var prepared = await gateway.PrepareAsync(new ChatCall(request.Model, messages, format, formatPath, options,
                RequestReading.RoutingKey(context.Request, request.User), RequestReading.Caller(context.User)));
            var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (request.Stream != true)
            {
                var answer = await gateway.ChatAsync(prepared, cancellationToken);
                RequestReading.DescribeServedBy(context.Response, answer);
                await context.Response.WriteAsJsonAsync(new OpenAIChatCompletion(id, "chat.completion", created, request.Model!,
                    [new OpenAIChoice(0, new OpenAIAnswerMessage("assistant", answer.Content), answer.FinishReason)],
                    Usage(answer), null), JsonNames.SnakeCase);
                return;
            }

            var started = false;
            try
            {
                await foreach (var piece in gateway.StreamAsync(prepared, cancellationToken))
                {
                    if (!started)
                    {
                        context.Response.ContentType = "text/event-stream";
                        context.Response.Headers.CacheControl = "no-cache";
                        await Send(new OpenAIChatChunk(id, "chat.completion.chunk", created, request.Model!, [new OpenAIChunkChoice(0, new OpenAIDelta("assistant", ""), null)]));
                        started = true;
                    }

                    if (piece.Final is null)
                    {
                        await Send(new OpenAIChatChunk(id, "chat.completion.chunk", created, request.Model!, [new OpenAIChunkChoice(0, new OpenAIDelta(Content: piece.Delta), null)]));
                        continue;
                    }

                    await Send(new OpenAIChatChunk(id, "chat.completion.chunk", created, request.Model!, [new OpenAIChunkChoice(0, new OpenAIDelta(), piece.Final.FinishReason)]));
                    if (request.StreamOptions?.IncludeUsage == true)
                    {
                        await Send(new OpenAIChatChunk(id, "chat.completion.chunk", created, request.Model!, [], Usage(piece.Final)));
                    }
                }
            }
            catch (GatewayException e) when (started)
            {
                await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(ErrorBody(e))}\n\n", cancellationToken);
            }

            await context.Response.WriteAsync("data: [DONE]\n\n", cancellationToken);

            async Task Send(OpenAIChatChunk chunk)
            {
                await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk, JsonNames.SnakeCase)}\n\n", cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        });
    }

    private static async Task Embeddings(HttpContext context, InferenceGateway gateway, CancellationToken cancellationToken)
    {
        await Guarded(context, async () =>
        {
            var request = await RequestReading.ReadAsync<OpenAIEmbeddingsRequest>(context.Request, cancellationToken);
            var base64 = request.EncodingFormat switch
            {
                null or "float" => false,
                "base64" => true,
                _ => throw new GatewayException(400, "$.encoding_format must be float or base64"),
            };
            var inputs = OllamaEndpoints.Inputs(request.Input, "$.input");
            var answer = await gateway.EmbedAsync(request.Model, inputs, RequestReading.RoutingKey(context.Request, request.User),
                RequestReading.Caller(context.User), cancellationToken);
            await context.Response.WriteAsJsonAsync(new OpenAIEmbeddingList("list",
                answer.Vectors.Select((v, i) => new OpenAIEmbedding("embedding", i,
                    base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(v.AsSpan())) : v)).ToList(),
                request.Model!, new OpenAIUsage(answer.PromptTokens, 0, answer.PromptTokens)), JsonNames.SnakeCase);
        });
    }

    private static IResult Models(ModelRegistry registry) => TypedResults.Json(
        new OpenAIModelList("list", registry.All.OrderBy(m => m.Name, StringComparer.Ordinal).Select(Describe).ToList()), JsonNames.SnakeCase);

    private static IResult Model(string id, ModelRegistry registry) => registry.Find(id) is { } model
        ? TypedResults.Json(Describe(model), JsonNames.SnakeCase)
        : Error(GatewayException.UnknownModel(id));

    private static OpenAIModel Describe(ModelDefinition model) =>
        new(model.Name, "model", new DateTimeOffset(Process.GetCurrentProcess().StartTime).ToUnixTimeSeconds(), model.Backend);

    private static OpenAIUsage Usage(ChatAnswer answer) => new(answer.PromptTokens, answer.CompletionTokens, answer.PromptTokens + answer.CompletionTokens);

    private static string Text(JsonElement? content, string path) => content switch
    {
        null or { ValueKind: JsonValueKind.Null } => "",
        { ValueKind: JsonValueKind.String } text => text.GetString()!,
        { ValueKind: JsonValueKind.Array } parts => string.Concat(parts.EnumerateArray().Select((part, i) =>
            part.TryGetProperty("type", out var type) && type.GetString() == "text" && part.TryGetProperty("text", out var text)
                ? text.GetString()
                : throw new GatewayException(400, $"{path}[{i}] must be a text part; other content types are not supported"))),
        _ => throw new GatewayException(400, $"{path} must be a string or an array of content parts"),
    };

    private static Task Guarded(HttpContext context, Func<Task> handle) => RequestReading.Guarded(context, handle, Error);

    private static object ErrorBody(GatewayException e) => new
    {
        error = new
        {
            message = e.Message,
            type = e.Status switch { 404 => "not_found_error", >= 500 => "server_error", _ => "invalid_request_error" },
            param = (string?)null,
            code = e.Code,
        },
    };

    private static IResult Error(GatewayException e) => TypedResults.Json(ErrorBody(e), statusCode: e.Status);
}
