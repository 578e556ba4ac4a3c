using System.Net;
using System.Text;
using Integration.ServiceDefaults.Auth;
using Microsoft.Extensions.Primitives;

namespace Integration.Sandbox.Oidc;

/// <summary>
/// A stand-in OpenID Connect provider under /oidc (discovery, JWKS, authorization code with PKCE, token), so that signing in
/// through an identity provider runs here as it does against Entra ID or Keycloak: the Portal sends the browser to its login
/// page, where anyone picks a name and roles (it checks no password: it is a sandbox), and the services validate its
/// RS256 tokens by its published keys. Off while <c>Sandbox:Oidc:ClientSecret</c> is empty.
/// </summary>
public static class OidcEndpoints
{
    public const string Base = "/oidc";

    public static void MapOidcEndpoints(this WebApplication app)
    {
        var oidc = app.MapGroup(Base).AllowAnonymous().WithTags("OpenID Connect stand-in").AddEndpointFilter(async (context, next) =>
            string.IsNullOrEmpty(context.HttpContext.RequestServices.GetRequiredService<SandboxOptions>().Oidc.ClientSecret)
                ? TypedResults.Problem("The Sandbox's identity provider is off: set Sandbox:Oidc:ClientSecret to turn it on.", statusCode: 404)
                : await next(context));
        oidc.MapGet("/.well-known/openid-configuration", (HttpContext http, SandboxOptions options) => Discovery(Issuer(http, options)));
        oidc.MapGet("/jwks", (OidcProvider provider) => TypedResults.Json(new { keys = new[] { provider.PublicKey } }));
        oidc.MapGet("/authorize", (HttpContext http, SandboxOptions options) => LoginPage(http.Request.Query, options, error: null));
        oidc.MapPost("/authorize", SignInAsync).DisableAntiforgery();
        oidc.MapPost("/token", TokenAsync).DisableAntiforgery();
        oidc.MapGet("/logout", SignOut);
    }

    private static string Issuer(HttpContext http, SandboxOptions options) => VendorGate.BaseUrl(http, options) + Base;

    private static IResult Discovery(string issuer) => TypedResults.Json(new Dictionary<string, object>
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = issuer + "/authorize",
        ["token_endpoint"] = issuer + "/token",
        ["jwks_uri"] = issuer + "/jwks",
        ["end_session_endpoint"] = issuer + "/logout",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query", "form_post" },
        ["grant_types_supported"] = new[] { "authorization_code", "refresh_token" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["scopes_supported"] = new[] { "openid", "profile", "offline_access" },
        ["claims_supported"] = new[] { "sub", "preferred_username", "name", "roles" },
    });

    /// <summary>What is wrong with an authorization request, or null. A bad client or redirect is shown, never redirected to (RFC 6749 4.1.2.1).</summary>
    private static string? Invalid(IQueryCollection query, SandboxOptions options)
    {
        if (query["client_id"] != options.Oidc.ClientId)
        {
            return $"This provider knows no client '{query["client_id"]}'.";
        }

        if (!Uri.TryCreate(query["redirect_uri"], UriKind.Absolute, out var redirect) || redirect.Scheme is not ("http" or "https") || !redirect.IsLoopback)
        {
            return "The redirect_uri must be an http(s) address on this machine (the Sandbox is local).";
        }

        if (query["response_type"] != "code")
        {
            return "Only the authorization code flow is served: response_type=code.";
        }

        if (!(query["scope"].ToString() ?? "").Split(' ').Contains("openid"))
        {
            return "The scope must include openid.";
        }

        return query["code_challenge_method"] is { Count: > 0 } method && method != "S256" ? "Only PKCE with S256 is served." : null;
    }

    private static IResult LoginPage(IQueryCollection query, SandboxOptions options, string? error)
    {
        if (Invalid(query, options) is { } invalid)
        {
            return TypedResults.Content(Page("Cannot sign in", $"<p role=\"alert\">{Html(invalid)}</p>"), "text/html", Encoding.UTF8, 400);
        }

        var hidden = string.Concat(new[] { "client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce", "code_challenge", "code_challenge_method" }
            .Where(name => query[name].Count > 0)
            .Select(name => $"<input type=\"hidden\" name=\"{name}\" value=\"{Html(query[name].ToString())}\" />"));
        var roles = string.Concat(Roles.UserRoles.Select(role =>
            $"<label style=\"display:block\"><input type=\"checkbox\" name=\"roles\" value=\"{role}\"{(query["roles"].Contains(role) ? " checked" : "")} /> {role}</label>"));
        var body = $"""
            <p>The Sandbox's identity provider stands in for your organisation's (Entra ID, Keycloak, Okta). It asks no password: pick who to be.</p>
            {(error is null ? "" : $"<p role=\"alert\" style=\"color:#b00020\">{Html(error)}</p>")}
            <form method="post" action="{Base}/authorize" aria-label="Sign in to the Sandbox's identity provider">
              {hidden}
              <p><label for="username" style="display:block">User name</label><input id="username" name="username" value="{Html(query["username"].ToString())}" required autocomplete="username" /></p>
              <fieldset><legend>Roles</legend>{roles}</fieldset>
              <p><button type="submit">Sign in</button></p>
            </form>
            """;
        return TypedResults.Content(Page("Sandbox identity provider", body), "text/html", Encoding.UTF8);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, SandboxOptions options, OidcProvider provider)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var fields = new QueryCollection(form.ToDictionary(f => f.Key, f => f.Value));
        var user = form["username"].ToString().Trim();
        var roles = form["roles"].Where(r => r is not null).Select(r => r!).Distinct().ToList();
        string? error = null;
        if (user.Length is 0 or > 64 || !user.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            error = "The user name is 1 to 64 letters, digits and . - _ @.";
        }
        else if (roles.FirstOrDefault(r => !Roles.UserRoles.Contains(r)) is { } unknown)
        {
            error = $"'{unknown}' is not a role; pick from {string.Join(", ", Roles.UserRoles)}.";
        }

        if (error is not null || Invalid(fields, options) is not null)
        {
            return LoginPage(fields, options, error);
        }

        var offline = form["scope"].ToString().Split(' ').Contains("offline_access");
        var code = provider.IssueCode(new AuthorizationGrant(user, roles, form["redirect_uri"]!, NullIfEmpty(form["nonce"]), NullIfEmpty(form["code_challenge"]), offline, default));
        var answer = new Dictionary<string, string?> { ["code"] = code, ["state"] = NullIfEmpty(form["state"]), ["iss"] = Issuer(http, options) };
        if (form["response_mode"] == "form_post")
        {
            var inputs = string.Concat(answer.Where(a => a.Value is not null).Select(a => $"<input type=\"hidden\" name=\"{a.Key}\" value=\"{Html(a.Value!)}\" />"));
            return TypedResults.Content(Page("Signing in…", $"<form method=\"post\" action=\"{Html(form["redirect_uri"]!)}\">{inputs}<noscript><button type=\"submit\">Continue</button></noscript></form>"
                + "<script>document.forms[0].submit()</script>"), "text/html", Encoding.UTF8);
        }

        return TypedResults.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(form["redirect_uri"]!, answer));
    }

    private static async Task<IResult> TokenAsync(HttpContext http, SandboxOptions options, OidcProvider provider)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var (clientId, secret) = ClientCredentials(http, form);
        if (clientId != options.Oidc.ClientId || secret is null
            || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(options.Oidc.ClientSecret!)))
        {
            return TokenError(401, "invalid_client", "The client id or secret is not this provider's client's.");
        }

        return form["grant_type"].ToString() switch
        {
            "authorization_code" => RedeemCode(http, options, provider, form),
            "refresh_token" => provider.RedeemRefreshToken(form["refresh_token"].ToString()) is { } grant
                ? Tokens(http, options, provider, grant, nonce: null)
                : TokenError(400, "invalid_grant", "The refresh token is unknown, used already or expired: sign in again."),
            _ => TokenError(400, "unsupported_grant_type", "Only authorization_code and refresh_token are served."),
        };
    }

    private static IResult RedeemCode(HttpContext http, SandboxOptions options, OidcProvider provider, IFormCollection form)
    {
        if (provider.Redeem(form["code"].ToString()) is not { } grant)
        {
            return TokenError(400, "invalid_grant", "The code is unknown, used already or older than two minutes.");
        }

        if (grant.RedirectUri != form["redirect_uri"])
        {
            return TokenError(400, "invalid_grant", "The redirect_uri is not the one the code was issued for.");
        }

        return OidcProvider.Verifies(grant.CodeChallenge, NullIfEmpty(form["code_verifier"]))
            ? Tokens(http, options, provider, grant, grant.Nonce)
            : TokenError(400, "invalid_grant", "The code_verifier does not match the code_challenge.");
    }

    /// <summary>The token answer: an access token for the suite, an id token for the client, and a refresh token if it asked for offline access.</summary>
    private static IResult Tokens(HttpContext http, SandboxOptions options, OidcProvider provider, AuthorizationGrant grant, string? nonce)
    {
        var issuer = Issuer(http, options);
        var lifetime = options.Oidc.TokenLifetime;
        var answer = new Dictionary<string, object>
        {
            ["access_token"] = provider.Token(issuer, options.Oidc.Audience, grant, lifetime, nonce: null),
            ["id_token"] = provider.Token(issuer, options.Oidc.ClientId, grant, lifetime, nonce),
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)lifetime.TotalSeconds,
            ["scope"] = grant.Offline ? "openid profile offline_access" : "openid profile",
        };
        if (grant.Offline)
        {
            answer["refresh_token"] = provider.IssueRefreshToken(grant, options.Oidc.RefreshTokenLifetime);
        }

        return TypedResults.Json(answer);
    }

    /// <summary>
    /// RP-initiated logout: the provider keeps no session of its own (every sign-in asks who to be), so it only sends the
    /// browser back to the client's page on this machine, with its state; any other address is shown, not followed.
    /// </summary>
    private static IResult SignOut(HttpContext http)
    {
        var query = http.Request.Query;
        if (Uri.TryCreate(query["post_logout_redirect_uri"], UriKind.Absolute, out var back) && back.Scheme is "http" or "https" && back.IsLoopback)
        {
            return TypedResults.Redirect(query["state"].Count > 0
                ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(back.ToString(), "state", query["state"].ToString())
                : back.ToString());
        }

        return TypedResults.Content(Page("Signed out", "<p>You are signed out of the Sandbox's identity provider.</p>"), "text/html", Encoding.UTF8);
    }

    /// <summary>client_secret_basic (the Authorization header) or client_secret_post (the form).</summary>
    private static (string? Id, string? Secret) ClientCredentials(HttpContext http, IFormCollection form)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())).Split(':', 2);
                return pair.Length == 2 ? (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])) : (null, null);
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (NullIfEmpty(form["client_id"]), NullIfEmpty(form["client_secret"]));
    }

    private static IResult TokenError(int status, string error, string description) =>
        TypedResults.Json(new { error, error_description = description }, statusCode: status);

    private static string? NullIfEmpty(StringValues value) => StringValues.IsNullOrEmpty(value) ? null : value.ToString();

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private static string Page(string title, string body) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>{{Html(title)}}</title>
        <style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem}input[type=text],input:not([type]){width:100%;padding:.5rem;font-size:1rem}button{padding:.6rem 1.4rem;font-size:1rem;background:#5b2a86;color:#fff;border:0;border-radius:4px}fieldset{margin:1rem 0}</style>
        </head><body><h1 style="font-weight:400">{{Html(title)}}</h1>{{body}}</body></html>
        """;
}
