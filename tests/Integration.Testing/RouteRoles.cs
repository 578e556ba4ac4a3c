using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Testing;

/// <summary>
/// Who may call each route of a service, read from its endpoints' authorization metadata as the authorization middleware
/// combines it: <c>anyone</c> (no token), <c>signed-in</c> (any token, whatever its roles), or the roles that pass. A test
/// holds the expected table, so a route added without saying who may call it fails until someone decides.
/// </summary>
public static partial class RouteRoles
{
    public const string Anyone = "anyone";
    public const string SignedIn = "signed-in";

    public sealed record Route(string Method, string Pattern, IReadOnlyList<string> Roles)
    {
        public string Who => string.Join(", ", Roles);

        public override string ToString() => $"{Method} {Pattern}: {Who}";
    }

    /// <summary>Every route with an HTTP method, in a stable order (framework routes such as Blazor's are left out by the caller's prefix).</summary>
    public static async Task<IReadOnlyList<Route>> OfAsync(IServiceProvider services, Func<string, bool>? include = null)
    {
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var routes = new List<Route>();
        foreach (var endpoint in services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (include?.Invoke(pattern) == false || endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods)
            {
                continue;
            }

            var who = await WhoAsync(endpoint, policies);
            routes.AddRange(methods.HttpMethods.Select(m => new Route(m, pattern, who)));
        }

        return [.. routes.DistinctBy(r => r.ToString()).OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)];
    }

    private static async Task<IReadOnlyList<string>> WhoAsync(Endpoint endpoint, IAuthorizationPolicyProvider policies)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return [Anyone];
        }

        var combined = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
            endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>()) ?? await policies.GetFallbackPolicyAsync();
        if (combined is null)
        {
            return [Anyone];
        }

        // Every roles requirement must hold: the roles that pass are those in all of them.
        var required = combined.Requirements.OfType<RolesAuthorizationRequirement>().ToList();
        return required.Count == 0
            ? [SignedIn]
            : [.. Integration.ServiceDefaults.Auth.Roles.All.Where(role => required.All(r => r.AllowedRoles.Contains(role)))];
    }

    /// <summary>
    /// Calls each route with a token of every role that may not, and returns what was let through (a route's role check
    /// comes before anything it reads, so nothing is changed). Route values are made up: <c>x</c>, or <c>1</c> for a number.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LetThroughAsync(IReadOnlyList<Route> routes, Func<string, HttpClient> clientWithRole, CancellationToken cancellationToken)
    {
        var wrong = new List<string>();
        foreach (var route in routes.Where(r => r.Roles is not [Anyone] and not [SignedIn]))
        {
            var path = Parameter().Replace(route.Pattern, m => m.Groups["constraint"].Value.Contains("int", StringComparison.Ordinal) ? "1" : "x");
            foreach (var role in Integration.ServiceDefaults.Auth.Roles.All.Except(route.Roles))
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
                if (route.Method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var response = await clientWithRole(role).SendAsync(request, cancellationToken);
                if (response.StatusCode != HttpStatusCode.Forbidden)
                {
                    wrong.Add($"{route.Method} {path} as {role}: {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}");
                }
            }
        }

        return wrong;
    }

    [GeneratedRegex(@"\{\*?(?<name>\w+)(?<constraint>[^}]*)\}")]
    private static partial Regex Parameter();
}
