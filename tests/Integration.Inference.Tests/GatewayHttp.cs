using System.Net.Http.Json;
using System.Text.Json;

namespace Integration.Inference.Tests;

internal static class GatewayHttp
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, CancellationToken cancellationToken) =>
        client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), cancellationToken);

    /// <summary>A non-streamed Ollama chat with one user message; returns the response and its parsed body.</summary>
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> ChatAsync(this HttpClient client, string model, string content,
        CancellationToken cancellationToken, object? options = null, string? routingKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat")
        {
            Content = JsonContent.Create(new { model, messages = new[] { new { role = "user", content } }, stream = false, options }),
        };
        if (routingKey is not null)
        {
            request.Headers.Add("X-Routing-Key", routingKey);
        }

        var response = await client.SendAsync(request, cancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
        return (response, body);
    }
}
