using System.Net.Http.Json;
using System.Text.Json;

namespace Integration.Connectors.Tests;

internal static class ConnectorHttp
{
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> InvokeAsync(this HttpClient client, string operation, object input,
        CancellationToken cancellationToken, string? connection = null, string? idempotencyKey = null)
    {
        var response = await client.PostAsJsonAsync($"/v1/operations/{operation}/invoke", new { connection, input, idempotencyKey }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
