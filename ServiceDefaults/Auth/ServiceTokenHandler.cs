using System.Net.Http.Headers;
using Integration.ServiceDefaults.SystemInfo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Integration.ServiceDefaults.Auth;

/// <summary>
/// Adds this service's own token (role "service") to calls toward other services of the suite.
/// Opt-in per HttpClient so that it never reaches an outside system such as Zendesk.
/// </summary>
public sealed class ServiceTokenHandler(TokenIssuer issuer, IConfiguration configuration, IHostEnvironment environment, TimeProvider time)
    : DelegatingHandler
{
    private readonly Lock _gate = new();
    private IssuedToken? _current;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CurrentToken());
        return base.SendAsync(request, cancellationToken);
    }

    private string CurrentToken()
    {
        lock (_gate)
        {
            // Renew a minute before expiry so that no request leaves with a token about to lapse.
            if (_current is null || _current.ExpiresAt - time.GetUtcNow() < TimeSpan.FromMinutes(1))
            {
                _current = issuer.IssueServiceToken(ServiceIdentity.Name(configuration, environment));
            }

            return _current.AccessToken;
        }
    }
}

public static class ServiceTokenHttpClientBuilderExtensions
{
    /// <summary>Calls made with this client carry the service's bearer token.</summary>
    public static IHttpClientBuilder AddServiceAuthentication(this IHttpClientBuilder builder)
    {
        builder.Services.AddTransient<ServiceTokenHandler>();
        return builder.AddHttpMessageHandler<ServiceTokenHandler>();
    }
}
