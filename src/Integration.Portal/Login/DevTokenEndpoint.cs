using System.Text.Json;
using System.Text.RegularExpressions;
using Integration.ServiceDefaults.Auth;
using Integration.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Integration.Portal.Login;

public sealed record DevTokenRequest(string? User, IReadOnlyList<string>? Roles);

public sealed record DevTokenResponse(string AccessToken, string TokenType, int ExpiresIn, string User, IReadOnlyList<string> Roles);

/// <summary>
/// Local login without an identity provider: POST /auth/dev-token {"user","roles"} returns a bearer token.
/// Mapped only when Auth:DevTokensEnabled is true (the app host sets it for local runs). It never issues
/// the "service" role: services mint their own tokens.
/// </summary>
public static partial class DevTokenEndpoint
{
    public static void MapDevTokenEndpoint(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.DevTokensEnabled)
        {
            app.Logger.LogInformation("Dev tokens are disabled (Auth:DevTokensEnabled=false): /auth/dev-token is not served.");
            return;
        }

        app.Logger.LogWarning("Dev tokens are enabled: anyone who can reach /auth/dev-token can get a token. Local use only.");
        app.MapPost("/auth/dev-token", Issue).AllowAnonymous().WithTags("Login");
    }

    /// <remarks>
    /// The body is read as JSON whatever its Content-Type says: <c>curl -d '{…}'</c> sends it as a form, and a person
    /// trying the README should get a token, not a 415 (or, before this, the suite's 401).
    /// </remarks>
    private static async Task<Results<Ok<DevTokenResponse>, ValidationProblem>> Issue(HttpRequest http, TokenIssuer issuer, IOptions<AuthOptions> options)
    {
        DevTokenRequest request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<DevTokenRequest>(http.Body, JsonSerializerOptions.Web, http.HttpContext.RequestAborted)
                      ?? new DevTokenRequest(null, null);
        }
        catch (JsonException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [JsonReadErrors.PathOf(e)] = [JsonReadErrors.Describe(e)] },
                title: "The token request is not the JSON expected: {\"user\": \"…\", \"roles\": [\"…\"]}.");
        }

        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The token request is invalid.");
        }

        var roles = request.Roles!.Distinct().ToList();
        var token = issuer.IssueUserToken(request.User!, roles);
        return TypedResults.Ok(new DevTokenResponse(
            token.AccessToken, "Bearer", (int)options.Value.UserTokenLifetime.TotalSeconds, request.User!, roles));
    }

    internal static Dictionary<string, string[]> Validate(DevTokenRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.User) || !UserNamePattern().IsMatch(request.User))
        {
            errors["$.user"] = ["Give a user name of 1-64 letters, digits, '.', '_', '-' or '@'."];
        }

        if (request.Roles is null || request.Roles.Count == 0)
        {
            errors["$.roles"] = [$"Give at least one role: {string.Join(", ", Roles.UserRoles)}."];
            return errors;
        }

        for (var i = 0; i < request.Roles.Count; i++)
        {
            if (!Roles.UserRoles.Contains(request.Roles[i]))
            {
                errors[$"$.roles[{i}]"] = [$"'{request.Roles[i]}' is not a role a person can hold; use {string.Join(", ", Roles.UserRoles)}."];
            }
        }

        return errors;
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex UserNamePattern();
}
