using System.Net.Http.Headers;
using System.Text;
using Integration.Connectors.Connections;

namespace Integration.Connectors.Zendesk;

/// <summary>Zendesk's API token as basic "{email}/token:{token}", or an OAuth access token as a bearer.</summary>
public sealed class ZendeskAuthHandler(ConnectionOptions connection) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = !string.IsNullOrEmpty(connection.OAuthToken)
            ? new AuthenticationHeaderValue("Bearer", connection.OAuthToken)
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{connection.Email}/token:{connection.ApiToken}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return base.SendAsync(request, cancellationToken);
    }
}
