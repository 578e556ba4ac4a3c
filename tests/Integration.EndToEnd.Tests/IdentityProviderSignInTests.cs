using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using Integration.ServiceDefaults.SystemInfo;
using Integration.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;

namespace Integration.EndToEnd.Tests;

/// <summary>
/// Signing in through an identity provider, as a deployment does: the Sandbox's OpenID Connect provider, the Portal signing
/// people in there (dev login off), and the governance service accepting the provider's tokens by its published keys.
/// Each runs as its own process on loopback, as the AppHost runs them, with a Redis of their own.
/// </summary>
public sealed class IdentityProviderSignInTests(Browser browser, IdentityProviderSignInTests.Services services)
    : IClassFixture<Browser>, IClassFixture<IdentityProviderSignInTests.Services>
{
    private const string ClientSecret = "portal-client-secret-0123456789abcdef";

    /// <summary>The provider's access tokens live this long here, and the services take none past its end: a sign-in that outlives it had it refreshed.</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(8);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string Authority => services.Sandbox.Url + "/oidc";

    /// <summary>The Sandbox (its provider on), the governance service and the Portal (dev login off), once for the class.</summary>
    public sealed class Services : IAsyncLifetime
    {
        private readonly string _signingKey = RandomNumberGenerator.GetHexString(64);
        private TestRedis? _redis;

        public ServiceProcess Sandbox { get; private set; } = null!;

        public ServiceProcess Governance { get; private set; } = null!;

        public ServiceProcess Portal { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            try
            {
                await StartAsync();
            }
            catch
            {
                // A service that did not come up: stop those that did, or they outlive the test run.
                await DisposeAsync();
                throw;
            }
        }

        private async Task StartAsync()
        {
            _redis = await TestRedis.StartAsync(Cancel);
            Dictionary<string, string> Common() => new()
            {
                ["ConnectionStrings__redis"] = _redis.ConnectionString, ["Auth__SigningKey"] = _signingKey, ["Auth__ClockSkew"] = "00:00:00",
            };
            Sandbox = await ServiceProcess.StartAsync("Integration.Sandbox", new Dictionary<string, string>(Common())
            {
                ["Sandbox__Zendesk__ApiToken"] = RandomNumberGenerator.GetHexString(32),
                ["Sandbox__Zendesk__WebhookSecret"] = RandomNumberGenerator.GetHexString(32),
                ["Sandbox__Salesforce__ClientSecret"] = RandomNumberGenerator.GetHexString(32),
                ["Sandbox__Sap__Password"] = RandomNumberGenerator.GetHexString(32),
                ["Sandbox__SeedTickets"] = "0",
                ["Sandbox__Oidc__ClientSecret"] = ClientSecret,
                ["Sandbox__Oidc__TokenLifetime"] = TokenLifetime.ToString(),
            }, Cancel);
            var authority = Sandbox.Url + "/oidc";
            Governance = await ServiceProcess.StartAsync("Integration.Governance", new Dictionary<string, string>(Common())
            {
                ["Governance__PiiHashSalt"] = RandomNumberGenerator.GetHexString(32),
                ["Auth__Oidc__Authority"] = authority,
            }, Cancel);
            Portal = await ServiceProcess.StartAsync("Integration.Portal", new Dictionary<string, string>(Common())
            {
                ["Auth__DevTokensEnabled"] = "false",
                ["Auth__Oidc__Authority"] = authority,
                ["Auth__Oidc__ClientId"] = "integration-portal",
                ["Auth__Oidc__ClientSecret"] = ClientSecret,
                ["Auth__Oidc__DisplayName"] = "the Sandbox's identity provider",
                ["services__governance__http__0"] = Governance.Url,
            }, Cancel);
        }

        public async ValueTask DisposeAsync()
        {
            // Once only: after a failed start this runs twice (from the start, then from xunit).
            foreach (var service in new[] { Portal, Governance, Sandbox })
            {
                if (service is not null)
                {
                    await service.DisposeAsync();
                }
            }

            (Portal, Governance, Sandbox) = (null!, null!, null!);
            if (_redis is not null)
            {
                await _redis.DisposeAsync();
                _redis = null;
            }
        }
    }

    [Fact]
    public async Task The_services_accept_the_providers_access_tokens_with_the_roles_it_gives_and_nothing_else_it_signs()
    {
        var (access, id) = await TokensAsync("sam", Roles.Reviewer);
        using var governance = new HttpClient { BaseAddress = new Uri(services.Governance.Url) };

        using var portal = new HttpClient { BaseAddress = new Uri(services.Portal.Url) };
        var info = await SendAsync(governance, "/system/info", access);
        var portalInfo = await SendAsync(portal, "/system/info", access);
        using var asIdToken = await SendRawAsync(governance, "/system/info", id);
        using var audit = await SendRawAsync(governance, "/v1/audit/verify", access);
        using var forged = await SendRawAsync(governance, "/system/info", access[..^4] + (access[^4..] == "AAAA" ? "BBBB" : "AAAA"));

        var caller = info.Deserialize<ServiceInfo>(JsonSerializerOptions.Web)!.Caller;
        Assert.Equal("sam", caller.Subject); // the person's name, not the provider's opaque subject
        Assert.Equal([Roles.Reviewer], caller.Roles);
        Assert.Equal("sam", portalInfo.Deserialize<ServiceInfo>(JsonSerializerOptions.Web)!.Caller.Subject); // the Portal's own API takes it too
        Assert.Equal(HttpStatusCode.Unauthorized, asIdToken.StatusCode); // an id token is for the Portal, not for the services
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode); // a reviewer reads no audit log
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task A_person_signs_in_to_the_portal_at_the_identity_provider_and_works_as_themselves()
    {
        var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = services.Portal.Url, ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();

        // A shared link to the audit log, before signing in: the sign-in page, with the provider's button and no local sign-in.
        await page.GotoAsync("/audit");
        await Browser.ExpectAsync(page, page.GetByTestId("sign-in-provider"), "the identity provider's sign-in button");
        Assert.Equal(0, await page.GetByLabel("User name").CountAsync());
        await page.GetByTestId("sign-in-provider").ClickAsync();

        // The provider's own page: who to be.
        await page.WaitForURLAsync(url => url.StartsWith(Authority, StringComparison.Ordinal));
        await page.GetByLabel("User name").FillAsync("olga");
        await page.Locator("input[name='roles'][value='admin']").CheckAsync();
        await Browser.ScreenshotAsync(page, "sign-in-provider");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Back at the page the link named, signed in as olga the admin; the governance service takes the provider's token.
        await Browser.ExpectAsync(page, page.GetByTestId("signed-in-as").Filter(new() { HasText = "olga · admin" }), "olga signed in as an admin");
        Assert.EndsWith("/audit", new Uri(page.Url).AbsolutePath);
        var signedIn = DateTimeOffset.UtcNow;
        await VerifyChainAsync(page, "the audit chain verified by the governance service");

        // Past the first access token's end, the open page carries on (its circuit got the next token), and so does a new
        // page load (the cookie's token is renewed): the governance service, which takes no lapsed token, answers both.
        await Task.Delay(Max(signedIn + TokenLifetime + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow, TimeSpan.Zero), Cancel);
        await page.GetByRole(AriaRole.Link, new() { Name = "Policies" }).ClickAsync();
        await Browser.ExpectAsync(page, page.GetByText("Pick a policy to edit"), "the policies page, listed by the governance service with a refreshed token");
        Assert.Equal(0, await page.GetByTestId("problem").CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        await VerifyChainAsync(page, "the chain verified on the same page with a refreshed token");
        await Task.Delay(TokenLifetime + TimeSpan.FromSeconds(1), Cancel);
        await page.ReloadAsync();
        await VerifyChainAsync(page, "the chain verified after a page load with the cookie's token renewed");
        Assert.Equal(0, await page.GetByTestId("problem").CountAsync());

        // Signing out ends the Portal's sign-in and passes by the provider's end-session page back to the sign-in page.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login" && url.StartsWith(services.Portal.Url, StringComparison.Ordinal));
        await page.GotoAsync("/audit");
        await Browser.ExpectAsync(page, page.GetByTestId("sign-in-provider"), "the sign-in page again after signing out");
        await context.CloseAsync();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static async Task VerifyChainAsync(IPage page, string what)
    {
        await page.GetByTestId("audit-verify").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("audit-result").Filter(new() { HasText = "Intact" }), what);
    }

    /// <summary>The provider's tokens for a person, by its login form and token endpoint, as the Portal gets them.</summary>
    private async Task<(string Access, string Id)> TokensAsync(string user, params string[] roles)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(services.Sandbox.Url) };
        const string redirect = "http://127.0.0.1/callback";
        List<KeyValuePair<string, string>> form =
            [new("client_id", "integration-portal"), new("redirect_uri", redirect), new("response_type", "code"), new("scope", "openid profile"), new("username", user),
             .. roles.Select(r => new KeyValuePair<string, string>("roles", r))];
        using var signedIn = await http.PostAsync("/oidc/authorize", new FormUrlEncodedContent(form), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var tokens = await http.PostAsync("/oidc/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = QueryHelpers.ParseQuery(signedIn.Headers.Location!.Query)["code"]!, ["redirect_uri"] = redirect,
            ["client_id"] = "integration-portal", ["client_secret"] = ClientSecret,
        }), Cancel);
        var body = await tokens.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        return (body.GetProperty("access_token").GetString()!, body.GetProperty("id_token").GetString()!);
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, string path, string token)
    {
        using var response = await SendRawAsync(http, path, token);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    private static Task<HttpResponseMessage> SendRawAsync(HttpClient http, string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request, Cancel);
    }
}
