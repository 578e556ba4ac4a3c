using System.Security.Claims;

namespace Integration.ServiceDefaults.Auth;

public static class CallerClaims
{
    /// <summary>The suite's roles the caller's token gives (<see cref="TokenIssuer.RoleClaim"/>).</summary>
    public static IReadOnlyList<string> SuiteRoles(this ClaimsPrincipal user) => [.. user.FindAll(TokenIssuer.RoleClaim).Select(c => c.Value)];
}
