using System.Net;
using System.Text.Json;

namespace Integration.Portal.Api;

/// <summary>A service said no: its status and what its ProblemDetails said, as a sentence a user can act on.</summary>
public sealed class ServiceProblem(HttpStatusCode status, string message, IReadOnlyDictionary<string, string[]> errors) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The validation errors by JSON path (<c>$.rules[0].when</c>), when the service listed them.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static async Task<ServiceProblem> FromAsync(HttpResponseMessage response, string service, CancellationToken cancellationToken)
    {
        string? title = null, detail = null;
        var errors = new Dictionary<string, string[]>();
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            title = body.TryGetProperty("title", out var t) ? t.GetString() : null;
            detail = body.TryGetProperty("detail", out var d) ? d.GetString() : null;
            if (body.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in list.EnumerateObject())
                {
                    errors[entry.Name] = [.. entry.Value.EnumerateArray().Select(e => e.GetString() ?? "")];
                }
            }
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            // Not a ProblemDetails body: the status says enough.
        }

        var message = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "Your session has expired or is not valid here: sign in again.",
            HttpStatusCode.Forbidden => detail ?? "Your roles do not allow this.",
            _ when errors.Count > 0 => (title ?? "The request was not accepted.") + " " + string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))),
            _ => detail ?? title ?? $"The {service} service answered {(int)response.StatusCode} {response.ReasonPhrase}.",
        };
        return new ServiceProblem(response.StatusCode, message, errors);
    }
}
