using System.Globalization;
using System.Security.Claims;
using Integration.Portal.Api;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Integration.Portal.Login;

/// <summary>
/// Signing in at the identity provider (Auth:Oidc): the authorization code flow with PKCE. The Portal's cookie then holds the
/// person as the suite knows them (see <see cref="IdentityProviderPrincipal"/>) and the provider's access token, which the
/// services validate by the provider's keys: every call is still made as the person.
/// </summary>
public static class ProviderSignIn
{
    public const string Scheme = "identity-provider-sign-in";
    public const string StartPath = "/login/provider";

    public static AuthenticationBuilder AddProviderSignIn(this AuthenticationBuilder authentication, OidcAuthOptions oidc, TimeProvider time) =>
        authentication.AddOpenIdConnect(Scheme, oidc.DisplayName, o =>
        {
            o.Authority = oidc.Authority;
            o.ClientId = oidc.ClientId;
            o.ClientSecret = oidc.ClientSecret;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back on a plain redirect (a GET), so the flow's own cookies can be SameSite=Lax.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            // A refresh token, so a sign-in outlives its first access token (see ProviderTokenRefresher).
            o.Scope.Add("offline_access");
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnTokenValidated = context =>
            {
                var identity = IdentityProviderPrincipal.From(context.Principal!, oidc, CookieAuthenticationDefaults.AuthenticationScheme);
                var answer = context.TokenEndpointResponse!;
                var received = time.GetUtcNow();
                var expires = int.TryParse(answer.ExpiresIn, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? received.AddSeconds(seconds) : received.AddMinutes(5);
                var tokens = new ProviderTokens(answer.AccessToken, string.IsNullOrEmpty(answer.RefreshToken) ? null : answer.RefreshToken, received, expires);
                identity.AddClaims(tokens.Claims());
                context.Principal = new ClaimsPrincipal(identity);
                // With a refresh token the sign-in lasts Auth:UserTokenLifetime, its access token renewed as it goes; without
                // one, as long as its access token: past that, the services would refuse it anyway.
                if (tokens.Refresh is null)
                {
                    context.Properties!.ExpiresUtc = expires;
                }

                return Task.CompletedTask;
            };
            o.Events.OnRemoteFailure = context =>
            {
                // Back to the sign-in page with the provider's reason, not an exception page.
                context.HandleResponse();
                context.Response.Redirect($"{SignIn.Path}?failure={Uri.EscapeDataString(context.Failure?.Message ?? "the identity provider refused the sign-in")}");
                return Task.CompletedTask;
            };
        });

    /// <summary>
    /// A page load with a provider sign-in whose access token is about to lapse: the cookie gets the next one (and the page
    /// its circuit); a sign-in the provider no longer honours ends, and the person is sent to sign in again.
    /// </summary>
    public static async Task RenewTokensAsync(CookieValidatePrincipalContext context)
    {
        var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        if (context.Principal is not { } user || ProviderTokens.From(user) is not { } tokens || !tokens.Stale(time.GetUtcNow()))
        {
            return;
        }

        if (await context.HttpContext.RequestServices.GetRequiredService<ProviderTokenRefresher>().FreshAsync(tokens) is { } fresh)
        {
            context.ReplacePrincipal(fresh.Into(user));
            context.ShouldRenew = true;
        }
        else if (tokens.Expires <= time.GetUtcNow())
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>GET /login/provider?returnUrl=…: off to the identity provider, and back to that page (on this site only) once signed in.</summary>
    public static void MapProviderSignIn(this WebApplication app) =>
        app.MapGet(StartPath, (string? returnUrl) => TypedResults.Challenge(new AuthenticationProperties { RedirectUri = SignIn.SafeReturn(returnUrl) }, [Scheme]))
            .AllowAnonymous().ExcludeFromDescription();
}
