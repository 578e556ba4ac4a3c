using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Integration.Portal.Api;

/// <summary>
/// The signed-in user's own bearer token, from the Portal's sign-in cookie (the claim <see cref="Claim"/>): every call to a
/// service is made as the user, so each service applies its own rules to them. Scoped to the user's circuit.
/// </summary>
public sealed class UserToken(AuthenticationStateProvider authentication)
{
    public const string Claim = "access_token";

    public async Task<string?> GetAsync() => (await authentication.GetAuthenticationStateAsync()).User.FindFirstValue(Claim);
}
