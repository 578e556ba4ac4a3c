using System.Net.Http.Headers;
using Integration.Hosting.ApplicationModel;
using Integration.ServiceDefaults.Auth;

namespace Integration.Hosting.Testing;

public static class DistributedApplicationHttpClientExtensions
{
    /// <summary>An HttpClient for a resource's endpoint, with no credentials.</summary>
    public static HttpClient CreateHttpClient(this DistributedApplication app, string resourceName, string endpointName = "http") =>
        new() { BaseAddress = new Uri(Resource(app, resourceName).GetEndpoint(endpointName).Url) };

    /// <summary>
    /// An HttpClient whose requests carry a bearer token for <paramref name="user"/> with <paramref name="roles"/>,
    /// signed with the settings the resource itself was given (Auth__SigningKey, Auth__Issuer, Auth__Audience).
    /// </summary>
    public static HttpClient CreateHttpClient(this DistributedApplication app, string resourceName, string user, params string[] roles)
    {
        var client = app.CreateHttpClient(resourceName);
        var token = TokenIssuer.Issue(AuthSettingsOf(Resource(app, resourceName)), user, roles, TimeSpan.FromHours(1), TimeProvider.System);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    public static string GetConnectionString(this DistributedApplication app, string resourceName) =>
        Resource(app, resourceName) is IResourceWithConnectionString resource
            ? resource.ConnectionStringExpression.GetValue()
            : throw new InvalidOperationException($"Resource '{resourceName}' has no connection string.");

    private static AuthOptions AuthSettingsOf(IResource resource)
    {
        var environment = resource.AnnotationsOf<EnvironmentAnnotation>().ToDictionary(e => e.Name, e => e.Value.GetValue());
        var settings = new AuthOptions
        {
            SigningKey = environment.GetValueOrDefault("Auth__SigningKey")
                ?? throw new InvalidOperationException($"Resource '{resource.Name}' is given no Auth__SigningKey, so no token can be made for it."),
        };
        settings.Issuer = environment.GetValueOrDefault("Auth__Issuer") ?? settings.Issuer;
        settings.Audience = environment.GetValueOrDefault("Auth__Audience") ?? settings.Audience;
        return settings;
    }

    private static IResource Resource(DistributedApplication app, string name) =>
        app.Resources.SingleOrDefault(r => r.Name == name) ?? throw new InvalidOperationException($"There is no resource named '{name}'.");
}
