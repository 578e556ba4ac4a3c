using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Integration.Workflows.Services;

/// <summary>A call to another service of the suite that did not give the answer its contract promises.</summary>
public sealed class ServiceCallException(string message, HttpStatusCode? status = null) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>How the workflow service posts a contract record to another service and reads the record it answers.</summary>
public static class ServiceCalls
{
    /// <summary>Missing required members and nulls where the contract has none fail here, at the seam, not steps later.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true };

    public static async Task<TResponse> PostAsync<TRequest, TResponse>(HttpClient http, string path, TRequest request, string what, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, request, Json, cancellationToken);
        return await ReadAsync<TResponse>(response, what, cancellationToken);
    }

    public static async Task<TResponse> GetAsync<TResponse>(HttpClient http, string path, string what, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return await ReadAsync<TResponse>(response, what, cancellationToken);
    }

    private static async Task<TResponse> ReadAsync<TResponse>(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ServiceCallException($"{what} answered {(int)response.StatusCode}{Detail(await response.Content.ReadAsStringAsync(cancellationToken))}", response.StatusCode);
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<TResponse>(Json, cancellationToken)
                   ?? throw new ServiceCallException($"{what} answered nothing.");
        }
        catch (JsonException e)
        {
            throw new ServiceCallException($"{what} answered outside its contract: {e.Message}");
        }
    }

    /// <summary>A ProblemDetails' detail (or an Ollama-style error), when the body has one.</summary>
    private static string Detail(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            return root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("detail", out var detail) || root.TryGetProperty("error", out detail))
                ? ": " + (detail.ValueKind == JsonValueKind.String ? detail.GetString() : detail.GetRawText())
                : "";
        }
        catch (JsonException)
        {
            return ""; // not JSON: the status says enough
        }
    }
}
