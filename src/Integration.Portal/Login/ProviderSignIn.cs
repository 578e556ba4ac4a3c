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
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnTokenValidated = context =>
            {
                var identity = IdentityProviderPrincipal.From(context.Principal!, oidc, CookieAuthenticationDefaults.AuthenticationScheme);
                identity.AddClaim(new Claim(UserToken.Claim, context.TokenEndpointResponse!.AccessToken));
                context.Principal = new ClaimsPrincipal(identity);
                // The sign-in lasts as long as the access token inside it: past that, the services would refuse it anyway.
                if (int.TryParse(context.TokenEndpointResponse.ExpiresIn, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    context.Properties!.ExpiresUtc = time.GetUtcNow().AddSeconds(seconds);
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

    /// <summary>GET /login/provider?returnUrl=…: off to the identity provider, and back to that page (on this site only) once signed in.</summary>
    public static void MapProviderSignIn(this WebApplication app) =>
        app.MapGet(StartPath, (string? returnUrl) => TypedResults.Challenge(new AuthenticationProperties { RedirectUri = SignIn.SafeReturn(returnUrl) }, [Scheme]))
            .AllowAnonymous().ExcludeFromDescription();
}
