using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Integration.ServiceDefaults.Json;

/// <summary>Endpoint metadata: the endpoint checks its body with <see cref="StrictJson"/> itself (after a signature, say), not before it runs.</summary>
public sealed class ChecksItsOwnJson
{
    public static readonly ChecksItsOwnJson Instance = new();
}

/// <summary>Endpoint metadata: how the endpoint answers a body that is not I-JSON (a SaaS stand-in answers in its vendor's words).</summary>
public interface IStrictJsonRefusal
{
    IResult Refuse(StrictJson.Problem problem);
}

/// <summary>
/// Refuses a JSON request body that is not I-JSON (<see cref="StrictJson"/>) with 400 and the path of the value, before the
/// endpoint reads it. The body is buffered (it is at most the request size limit) so that the endpoint reads it again.
/// </summary>
public sealed class StrictJsonBodies(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || endpoint.Metadata.GetMetadata<ChecksItsOwnJson>() is not null || !IsJson(context.Request) ||
            context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        context.Request.Body.Position = 0;
        if (StrictJson.Check(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } problem)
        {
            var refusal = endpoint.Metadata.GetMetadata<IStrictJsonRefusal>()?.Refuse(problem) ?? TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [problem.Path] = [problem.Message] },
                title: "The request body holds a value the suite does not take.");
            await refusal.ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ||
                                            type.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
