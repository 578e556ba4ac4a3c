using System.Security.Claims;
using Integration.Portal.Login;
using Microsoft.AspNetCore.Components.Authorization;

namespace Integration.Portal.Api;

/// <summary>
/// The signed-in user's own bearer token, from the Portal's sign-in cookie (the claim <see cref="Claim"/>): every call to a
/// service is made as the user, so each service applies its own rules to them. Scoped to the user's circuit, which may stay
/// open longer than a provider's access token lives: that token is renewed here before it lapses (the refresher is there
/// only with an identity provider).
/// </summary>
public sealed class UserToken(AuthenticationStateProvider authentication, TimeProvider time, ProviderTokenRefresher? refresher = null)
{
    public const string Claim = "access_token";

    private ProviderTokens? _provider;

    public async Task<string?> GetAsync()
    {
        if (_provider is null)
        {
            var user = (await authentication.GetAuthenticationStateAsync()).User;
            _provider = ProviderTokens.From(user);
            if (_provider is null)
            {
                return user.FindFirstValue(Claim);
            }
        }

        if (refresher is not null && _provider.Stale(time.GetUtcNow()) && await refresher.FreshAsync(_provider) is { } fresh)
        {
            _provider = fresh;
        }

        return _provider.Access;
    }
}
