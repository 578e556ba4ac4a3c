using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Integration.Sandbox.Tests;

/// <summary>The stand-in OpenID Connect provider: discovery, keys, the code flow with PKCE, and what it refuses.</summary>
public sealed class OidcStandInTests(OidcStandInTests.Factory sandbox) : IClassFixture<OidcStandInTests.Factory>
{
    public const string ClientSecret = "portal-secret-0123456789abcdef";
    private const string Redirect = "http://127.0.0.1:5100/signin-oidc";

    public sealed class Factory : SandboxFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["Sandbox:Oidc:ClientSecret"] = ClientSecret };
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_signed_in_person_gets_tokens_whose_signature_verifies_by_the_published_keys()
    {
        using var http = sandbox.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var discovery = await http.GetFromJsonAsync<JsonElement>("/oidc/.well-known/openid-configuration", Cancel);
        var issuer = discovery.GetProperty("issuer").GetString()!;
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

        var code = await SignInAsync(http, "olga", ["admin", "reviewer"], Challenge(verifier));
        var tokens = await RedeemAsync(http, code, verifier);

        var keys = new JsonWebKeySet(await http.GetStringAsync("/oidc/jwks", Cancel));
        var access = await new JsonWebTokenHandler().ValidateTokenAsync(tokens.GetProperty("access_token").GetString(), new TokenValidationParameters
        {
            ValidIssuer = issuer, ValidAudience = "integration-suite-api", IssuerSigningKeys = keys.GetSigningKeys(),
        });
        Assert.True(access.IsValid, access.Exception?.Message);
        Assert.Equal("olga", access.Claims["preferred_username"]);
        var id = new JsonWebToken(tokens.GetProperty("id_token").GetString());
        Assert.Equal("integration-portal", id.Audiences.Single());
        Assert.Equal("n-123", id.GetClaim("nonce").Value);
        Assert.Equal(["admin", "reviewer"], id.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.NotEqual("olga", id.Subject); // opaque, as real providers' are
    }

    [Fact]
    public async Task A_code_is_redeemed_once_by_the_client_with_its_secret_and_the_verifier()
    {
        using var http = sandbox.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

        var code = await SignInAsync(http, "sam", ["reviewer"], Challenge(verifier));
        using var wrongSecret = await PostTokenAsync(http, code, verifier, "not-the-secret");
        using var wrongVerifier = await PostTokenAsync(http, code, "another-verifier-0123456789-0123456789", ClientSecret);
        var code2 = await SignInAsync(http, "sam", ["reviewer"], Challenge(verifier));
        await RedeemAsync(http, code2, verifier);
        using var again = await PostTokenAsync(http, code2, verifier, ClientSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal("invalid_client", (await wrongSecret.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, wrongVerifier.StatusCode);
        Assert.Contains("code_verifier", (await wrongVerifier.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error_description").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid_grant", (await again.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_client_that_asked_for_offline_access_gets_the_next_tokens_once_per_refresh_token()
    {
        using var http = sandbox.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var withoutOffline = await RedeemAsync(http, await SignInAsync(http, "sam", ["reviewer"], Challenge(verifier)), verifier);
        var first = await RedeemAsync(http, await SignInAsync(http, "olga", ["admin"], Challenge(verifier), "openid profile offline_access"), verifier);

        using var refreshed = await PostRefreshAsync(http, first.GetProperty("refresh_token").GetString()!, ClientSecret);
        var second = await refreshed.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        using var reused = await PostRefreshAsync(http, first.GetProperty("refresh_token").GetString()!, ClientSecret);
        using var wrongSecret = await PostRefreshAsync(http, second.GetProperty("refresh_token").GetString()!, "not-the-secret");
        using var next = await PostRefreshAsync(http, second.GetProperty("refresh_token").GetString()!, ClientSecret);

        Assert.False(withoutOffline.TryGetProperty("refresh_token", out _));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var access = new JsonWebToken(second.GetProperty("access_token").GetString());
        Assert.Equal("olga", access.GetClaim("preferred_username").Value); // the same person with the same roles
        Assert.Equal(["admin"], access.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.NotEqual(first.GetProperty("refresh_token").GetString(), second.GetProperty("refresh_token").GetString()); // rotated
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode); // each refresh token is good once
        Assert.Equal("invalid_grant", (await reused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode); // a refused client did not use it up
    }

    [Theory]
    [InlineData("client_id=someone-else", "knows no client")]
    [InlineData("redirect_uri=https%3A%2F%2Fevil.example.com%2Fcb", "on this machine")]
    [InlineData("response_type=token", "response_type=code")]
    [InlineData("scope=profile", "openid")]
    public async Task A_bad_authorization_request_is_shown_and_never_redirected(string replace, string says)
    {
        using var http = sandbox.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var query = new Dictionary<string, string?> { ["client_id"] = "integration-portal", ["redirect_uri"] = Redirect, ["response_type"] = "code", ["scope"] = "openid profile" };
        var (name, value) = (replace.Split('=')[0], Uri.UnescapeDataString(replace.Split('=')[1]));
        query[name] = value;

        using var response = await http.GetAsync(QueryHelpers.AddQueryString("/oidc/authorize", query), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(says, await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task The_login_page_refuses_a_role_the_suite_gives_no_person()
    {
        using var http = sandbox.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await PostSignInAsync(http, "mallory", ["service"], null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the login page again, saying why
        Assert.Contains("&#39;service&#39; is not a role", await response.Content.ReadAsStringAsync(Cancel)); // HTML-encoded quotes
    }

    [Fact]
    public async Task Signing_out_sends_the_browser_back_only_to_this_machine()
    {
        using var http = sandbox.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var discovery = await http.GetFromJsonAsync<JsonElement>("/oidc/.well-known/openid-configuration", Cancel);
        using var home = await http.GetAsync("/oidc/logout?post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A5100%2Fsignout-callback-oidc&state=s-9", Cancel);
        using var away = await http.GetAsync("/oidc/logout?post_logout_redirect_uri=https%3A%2F%2Fevil.example.com%2F", Cancel);

        Assert.EndsWith("/oidc/logout", discovery.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("http://127.0.0.1:5100/signout-callback-oidc?state=s-9", home.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, away.StatusCode);
        Assert.Contains("signed out", await away.Content.ReadAsStringAsync(Cancel));
    }

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    [Fact]
    public async Task A_bad_sign_in_or_token_form_never_gets_a_5xx()
    {
        using var http = sandbox.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var wrong = (await Integration.Testing.RequestFuzz.FormFiveHundredsAsync(http, "/oidc/authorize", new Dictionary<string, string>
            {
                ["client_id"] = "integration-portal", ["redirect_uri"] = Redirect, ["response_type"] = "code", ["scope"] = "openid offline_access", ["state"] = "s-1",
                ["nonce"] = "n-1", ["username"] = "olga", ["roles"] = "admin", ["code_challenge"] = Challenge("verifier-0123456789-0123456789-0123456789"),
                ["code_challenge_method"] = "S256",
            }, Cancel))
            .Concat(await Integration.Testing.RequestFuzz.FormFiveHundredsAsync(http, "/oidc/token", new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = "not-a-code", ["redirect_uri"] = Redirect, ["code_verifier"] = "v", ["client_id"] = "integration-portal",
                ["client_secret"] = ClientSecret,
            }, Cancel))
            .Concat(await Integration.Testing.RequestFuzz.FormFiveHundredsAsync(http, "/oidc/token", new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token", ["refresh_token"] = "not-a-token", ["client_id"] = "integration-portal", ["client_secret"] = ClientSecret,
            }, Cancel)).ToList();

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private static Task<HttpResponseMessage> PostSignInAsync(HttpClient http, string user, string[] roles, string? challenge, string scope = "openid profile")
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("client_id", "integration-portal"), new("redirect_uri", Redirect), new("response_type", "code"), new("scope", scope),
            new("state", "s-1"), new("nonce", "n-123"), new("username", user),
        };
        form.AddRange(roles.Select(r => new KeyValuePair<string, string>("roles", r)));
        if (challenge is not null)
        {
            form.AddRange([new("code_challenge", challenge), new("code_challenge_method", "S256")]);
        }

        return http.PostAsync("/oidc/authorize", new FormUrlEncodedContent(form), Cancel);
    }

    private static async Task<string> SignInAsync(HttpClient http, string user, string[] roles, string? challenge, string scope = "openid profile")
    {
        using var response = await PostSignInAsync(http, user, roles, challenge, scope);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var back = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.StartsWith(Redirect, response.Headers.Location.ToString());
        Assert.Equal("s-1", back["state"]);
        return back["code"]!;
    }

    private static Task<HttpResponseMessage> PostTokenAsync(HttpClient http, string code, string verifier, string secret) =>
        http.PostAsync("/oidc/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Redirect, ["code_verifier"] = verifier,
            ["client_id"] = "integration-portal", ["client_secret"] = secret,
        }), Cancel);

    private static Task<HttpResponseMessage> PostRefreshAsync(HttpClient http, string refreshToken, string secret) =>
        http.PostAsync("/oidc/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = "integration-portal", ["client_secret"] = secret,
        }), Cancel);

    private static async Task<JsonElement> RedeemAsync(HttpClient http, string code, string verifier)
    {
        using var response = await PostTokenAsync(http, code, verifier, ClientSecret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }
}
