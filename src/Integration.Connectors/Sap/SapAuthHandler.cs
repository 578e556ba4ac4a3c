using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Integration.Connectors.Connections;

namespace Integration.Connectors.Sap;

/// <summary>
/// SAP Gateway's authentication (basic or bearer) and CSRF handshake: before the first write, a HEAD to the
/// service root with <c>X-CSRF-Token: Fetch</c>; the token and session cookie then go with every write. A
/// refusal with <c>X-CSRF-Token: Required</c> (an expired token) fetches a new one and sends the write once more.
/// </summary>
public sealed class SapAuthHandler(ConnectionOptions connection, ConnectionState state) : DelegatingHandler
{

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authenticate(request);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken); // the write may be sent twice
        }

        var csrf = state.SapCsrf ?? await FetchAsync(request.RequestUri!, null, cancellationToken);
        var response = await base.SendAsync(WithCsrf(request, csrf), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Forbidden && response.Headers.TryGetValues("X-CSRF-Token", out var values) && values.Contains("Required", StringComparer.OrdinalIgnoreCase))
        {
            response.Dispose();
            csrf = await FetchAsync(request.RequestUri!, csrf, cancellationToken);
            response = await base.SendAsync(WithCsrf(request, csrf), cancellationToken);
        }

        return response;
    }

    private void Authenticate(HttpRequestMessage request) =>
        request.Headers.Authorization = !string.IsNullOrEmpty(connection.BearerToken)
            ? new AuthenticationHeaderValue("Bearer", connection.BearerToken)
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{connection.User}:{connection.Password}")));

    private static HttpRequestMessage WithCsrf(HttpRequestMessage request, (string Token, string? Cookie) csrf)
    {
        request.Headers.Remove("X-CSRF-Token");
        request.Headers.Remove("Cookie");
        request.Headers.Add("X-CSRF-Token", csrf.Token);
        if (csrf.Cookie is not null)
        {
            request.Headers.Add("Cookie", csrf.Cookie);
        }

        return request;
    }

    private async Task<(string Token, string? Cookie)> FetchAsync(Uri target, (string, string?)? stale, CancellationToken cancellationToken)
    {
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            if (state.SapCsrf is { } current && current != stale)
            {
                return current; // another write fetched one meanwhile
            }

            // The service root, …/sap/opu/odata/sap/{SERVICE}/: four segments from "opu" on.
            var segments = target.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var root = new Uri(target, "/" + string.Join('/', segments.Take(Array.IndexOf(segments, "opu") + 4)) + "/");
            using var fetch = new HttpRequestMessage(HttpMethod.Head, root);
            Authenticate(fetch);
            fetch.Headers.Add("X-CSRF-Token", "Fetch");
            using var response = await base.SendAsync(fetch, cancellationToken);
            if (!response.Headers.TryGetValues("X-CSRF-Token", out var tokens))
            {
                throw new HttpRequestException($"SAP did not hand out a CSRF token (HEAD {root.AbsolutePath} answered {(int)response.StatusCode}).", null, response.StatusCode);
            }

            var cookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? string.Join("; ", set.Select(c => c.Split(';')[0])) : null;
            state.SapCsrf = (tokens.First(), cookies);
            return state.SapCsrf.Value;
        }
        finally
        {
            state.Gate.Release();
        }
    }
}
