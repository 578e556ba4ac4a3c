using System.Security.Claims;

namespace Integration.ServiceDefaults.Auth;

/// <summary>
/// A person signed in at the identity provider, as the suite knows people: <c>sub</c> is their name (the configured user
/// claim), their roles are the role claim's values that are the suite's user roles (a provider can never make anyone a
/// service), and the provider's own subject is kept as <c>idp_sub</c>.
/// </summary>
public static class IdentityProviderPrincipal
{
    public static ClaimsIdentity From(ClaimsPrincipal provider, OidcAuthOptions options, string authenticationType)
    {
        var user = provider.FindFirst(options.UserClaim)?.Value ?? provider.FindFirst("sub")?.Value ?? "unknown";
        List<Claim> claims = [new("sub", user), .. provider.FindAll(options.RoleClaim).Select(c => c.Value).Where(Roles.UserRoles.Contains).Distinct()
            .Select(role => new Claim(TokenIssuer.RoleClaim, role))];
        if (provider.FindFirst("sub") is { } subject)
        {
            claims.Add(new Claim("idp_sub", subject.Value));
        }

        return new ClaimsIdentity(claims, authenticationType, "sub", TokenIssuer.RoleClaim);
    }
}
