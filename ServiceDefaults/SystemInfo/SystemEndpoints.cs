using System.Net.Http.Json;
using System.Reflection;
using System.Security.Claims;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Integration.ServiceDefaults.SystemInfo;

public sealed record CallerInfo(string? Subject, IReadOnlyList<string> Roles);

public sealed record ServiceInfo(string Service, string Version, string Environment, CallerInfo Caller);

public sealed record DependencyStatus(string Name, string Address, bool Reachable, int? StatusCode, ServiceInfo? Answer, string? Error);

public static class SystemEndpoints
{
    public const string DependencyClient = "suite-dependencies";

    /// <summary>
    /// GET /system/info: who this service is and who it thinks the caller is (any valid token).
    /// GET /system/dependencies: calls /system/info of every service this one was given a reference to,
    /// through service discovery and with its service token (admin or service role).
    /// </summary>
    public static void MapSystemEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/system").WithTags("System");
        group.MapGet("/info", Info);
        group.MapGet("/dependencies", DependenciesAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Admin, Roles.Service));
    }

    public static void AddSystemEndpointClients(this IServiceCollection services) =>
        services.AddHttpClient(DependencyClient).AddServiceAuthentication();

    private static Ok<ServiceInfo> Info(ClaimsPrincipal user, IConfiguration configuration, IHostEnvironment environment) =>
        TypedResults.Ok(new ServiceInfo(
            ServiceIdentity.Name(configuration, environment),
            Assembly.GetEntryAssembly()?.GetName().Version?.ToString() ?? "unknown",
            environment.EnvironmentName,
            new CallerInfo(user.FindFirstValue("sub"), user.SuiteRoles())));

    private static async Task<Ok<IReadOnlyList<DependencyStatus>>> DependenciesAsync(
        IConfiguration configuration, IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        var names = configuration.GetSection("services").GetChildren().Select(c => c.Key).Order().ToList();
        var client = clients.CreateClient(DependencyClient);
        var results = await Task.WhenAll(names.Select(name => ProbeAsync(client, name, cancellationToken)));
        return TypedResults.Ok<IReadOnlyList<DependencyStatus>>(results);
    }

    private static async Task<DependencyStatus> ProbeAsync(HttpClient client, string name, CancellationToken cancellationToken)
    {
        // "http://NAME" is resolved by service discovery from services__NAME__http__0.
        var address = $"http://{name}/system/info";
        try
        {
            using var response = await client.GetAsync(address, cancellationToken);
            var answer = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ServiceInfo>(cancellationToken) : null;
            return new DependencyStatus(name, address, true, (int)response.StatusCode, answer, null);
        }
        catch (HttpRequestException ex)
        {
            return new DependencyStatus(name, address, false, null, null, ex.Message);
        }
    }
}
