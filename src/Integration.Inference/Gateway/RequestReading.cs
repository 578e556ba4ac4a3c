using System.Security.Claims;
using System.Text.Json;

namespace Integration.Inference.Gateway;

public static class RequestReading
{
    /// <summary>Reads a body in the API's own wire format; unreadable JSON is the caller's error, named with its JSON path.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, JsonNames.SnakeCase, cancellationToken)
                   ?? throw new GatewayException(400, "the request body is empty; a JSON object is expected");
        }
        catch (JsonException e)
        {
            throw new GatewayException(400, $"invalid JSON at {Integration.ServiceDefaults.Errors.JsonReadErrors.PathOf(e)}: {Integration.ServiceDefaults.Errors.JsonReadErrors.Describe(e)}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new GatewayException(413, "the request body is larger than the limit of 1 MiB", "request_too_large");
        }
    }

    /// <summary>A JSON string the caller sent, as text; one that is not valid Unicode (a lone surrogate, bad UTF-8) is a 400 at its path.</summary>
    public static string Text(JsonElement value, string path)
    {
        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            throw new GatewayException(400, $"{path} is not valid Unicode text");
        }
    }

    /// <summary>
    /// Runs an API handler and answers a <see cref="GatewayException"/> in the API's own error shape, as long as
    /// nothing has been sent yet (a stream that fails midway reports it in its own format).
    /// </summary>
    public static async Task Guarded(HttpContext context, Func<Task> handle, Func<GatewayException, IResult> error)
    {
        try
        {
            await handle();
        }
        catch (GatewayException e) when (!context.Response.HasStarted)
        {
            await error(e).ExecuteAsync(context);
        }
    }

    /// <summary>A message's role; OpenAI's "developer" is its newer name for "system".</summary>
    public static Microsoft.Extensions.AI.ChatRole Role(string? role, string path, bool allowDeveloper = false) => role switch
    {
        "system" => Microsoft.Extensions.AI.ChatRole.System,
        "developer" when allowDeveloper => Microsoft.Extensions.AI.ChatRole.System,
        "user" => Microsoft.Extensions.AI.ChatRole.User,
        "assistant" => Microsoft.Extensions.AI.ChatRole.Assistant,
        "tool" => Microsoft.Extensions.AI.ChatRole.Tool,
        _ => throw new GatewayException(400, $"{path} must be one of system, {(allowDeveloper ? "developer, " : "")}user, assistant, tool"),
    };

    public static string Caller(ClaimsPrincipal user) => user.FindFirstValue("sub") ?? "unknown";

    /// <summary>The caller's roles, as their token gives them.</summary>
    public static IReadOnlyList<string> Roles(ClaimsPrincipal user) => Integration.ServiceDefaults.Auth.CallerClaims.SuiteRoles(user);

    /// <summary>The key that keeps a caller on one A/B variant: X-Routing-Key (e.g. a ticket id), else the caller.</summary>
    public static string RoutingKey(HttpRequest request, string? fallback = null) =>
        request.Headers[InferenceHeaders.RoutingKey].FirstOrDefault() is { Length: > 0 } key ? key : fallback ?? Caller(request.HttpContext.User);

    public static void DescribeServedBy(HttpResponse response, ChatAnswer answer)
    {
        response.Headers[InferenceHeaders.ServedModel] = answer.Served.Name;
        if (answer.Revision is { } revision)
        {
            response.Headers[InferenceHeaders.ServedRevision] = revision;
        }

        response.Headers[InferenceHeaders.Backend] = answer.Backend;
        response.Headers[InferenceHeaders.Cost] = (answer.Cached ? 0 : answer.Served.Cost(answer.PromptTokens, answer.CompletionTokens))
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[InferenceHeaders.Cache] = answer.Cached ? "hit" : "miss";
        if (answer.FallbackFrom is not null)
        {
            response.Headers[InferenceHeaders.FallbackFrom] = answer.FallbackFrom;
        }
    }
}

/// <summary>How an API of the gateway answers a body that is not I-JSON: in its own error shape (Ollama's, OpenAI's), with the path.</summary>
public sealed class ApiRefusal(Func<GatewayException, IResult> error) : Integration.ServiceDefaults.Json.IStrictJsonRefusal
{
    public IResult Refuse(Integration.ServiceDefaults.Json.StrictJson.Problem problem) => error(new GatewayException(400, $"invalid JSON at {problem.Path}: {problem.Message}"));
}
