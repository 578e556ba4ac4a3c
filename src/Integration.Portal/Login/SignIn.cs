using System.Security.Claims;
using Integration.Portal.Api;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Integration.Portal.Login;

/// <summary>
/// Signing a person in to the Portal: the sign-in cookie holds who they are, their roles and the token the services
/// accept from them (local runs: a dev token the Portal issues, as /auth/dev-token does).
/// </summary>
public static class SignIn
{
    public const string Path = "/login";

    public static async Task<Dictionary<string, string[]>> WithDevTokenAsync(HttpContext http, string? user, IReadOnlyList<string> roles)
    {
        var request = new DevTokenRequest(user?.Trim(), roles);
        var errors = DevTokenEndpoint.Validate(request);
        if (errors.Count > 0)
        {
            return errors;
        }

        var token = http.RequestServices.GetRequiredService<TokenIssuer>().IssueUserToken(request.User!, [.. roles.Distinct()]);
        List<Claim> claims = [new("sub", request.User!), new(UserToken.Claim, token.AccessToken), .. roles.Distinct().Select(r => new Claim(TokenIssuer.RoleClaim, r))];
        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, "sub", TokenIssuer.RoleClaim);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return errors;
    }

    /// <summary>
    /// POST /logout (a form with its antiforgery token): ends the cookie and goes back to the sign-in page; a person who
    /// signed in at the identity provider signs out there too (its end-session page sends them back here).
    /// </summary>
    public static void MapSignOut(this WebApplication app) =>
        app.MapPost("/logout", async (HttpContext http, Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes) =>
        {
            var atProvider = http.User.HasClaim(c => c.Type == "idp_sub") && await schemes.GetSchemeAsync(ProviderSignIn.Scheme) is not null;
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (atProvider)
            {
                await http.SignOutAsync(ProviderSignIn.Scheme, new AuthenticationProperties { RedirectUri = Path });
                return Results.Empty;
            }

            return TypedResults.LocalRedirect(Path);
        }).ExcludeFromDescription();

    /// <summary>Only a path on this site: a sign-in link must not send anyone elsewhere.</summary>
    public static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
