using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Integration.Portal.Api;

/// <summary>
/// What the Portal's typed clients share: each request carries the user's own token, an answer is read into its record,
/// and a refusal becomes a <see cref="ServiceProblem"/> with the service's words. A service that cannot be reached says so.
/// </summary>
public abstract class ServiceApi(HttpClient http, UserToken token, string service)
{
    /// <summary>How the services write JSON (web names, enums by name); the designer's canvas reads the catalog the same way.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    protected Task<T> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    protected Task<T> PostAsync<T>(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) }, cancellationToken);

    protected Task<T> PutTextAsync<T>(string path, string text, string mediaType, CancellationToken cancellationToken = default) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(text, System.Text.Encoding.UTF8, mediaType) }, cancellationToken);

    /// <summary>A body as it comes (an export), not JSON to read.</summary>
    protected Task<T> PutAsync<T>(string path, object body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, options: Json) }, cancellationToken);

    /// <summary>A DELETE whose success has no body to read.</summary>
    protected Task DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken, (_, _) => Task.FromResult(true));

    protected Task<byte[]> GetBytesAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken, (content, ct) => content.ReadAsByteArrayAsync(ct));

    private Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken, async (content, ct) => (await content.ReadFromJsonAsync<T>(Json, ct))!);

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken, Func<HttpContent, CancellationToken, Task<T>> read)
    {
        using (request)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token.GetAsync() ?? "");
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
            {
                throw new ServiceProblem(System.Net.HttpStatusCode.ServiceUnavailable, $"The {service} service cannot be reached just now; try again in a moment.", new Dictionary<string, string[]>());
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw await ServiceProblem.FromAsync(response, service, cancellationToken);
                }

                return await read(response.Content, cancellationToken);
            }
        }
    }
}
