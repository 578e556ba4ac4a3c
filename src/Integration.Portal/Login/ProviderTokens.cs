using System.Globalization;
using System.Security.Claims;
using Integration.Portal.Api;

namespace Integration.Portal.Login;

/// <summary>
/// The identity provider's tokens a person signed in with, as the Portal's cookie keeps them (it is encrypted): the access
/// token the services take, the refresh token that gets the next one, and when the access token was received and ends.
/// </summary>
public sealed record ProviderTokens(string Access, string? Refresh, DateTimeOffset Received, DateTimeOffset Expires)
{
    public const string RefreshClaim = "refresh_token";
    public const string ReceivedClaim = "access_token_received";
    public const string ExpiresClaim = "access_token_expires";

    /// <summary>Time to get the next token: within a quarter of its life of its end (at most a minute), so no call carries one about to lapse.</summary>
    public bool Stale(DateTimeOffset now) => now >= Expires - TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, (Expires - Received).Ticks / 4));

    public IEnumerable<Claim> Claims()
    {
        yield return new Claim(UserToken.Claim, Access);
        if (Refresh is not null)
        {
            yield return new Claim(RefreshClaim, Refresh);
        }

        yield return new Claim(ReceivedClaim, Received.ToString("O", CultureInfo.InvariantCulture));
        yield return new Claim(ExpiresClaim, Expires.ToString("O", CultureInfo.InvariantCulture));
    }

    /// <summary>The tokens in a signed-in person's claims; null for a dev sign-in (its token is the suite's and is not refreshed).</summary>
    public static ProviderTokens? From(ClaimsPrincipal user) =>
        user.FindFirstValue(UserToken.Claim) is { } access
        && DateTimeOffset.TryParse(user.FindFirstValue(ReceivedClaim), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var received)
        && DateTimeOffset.TryParse(user.FindFirstValue(ExpiresClaim), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expires)
            ? new ProviderTokens(access, user.FindFirstValue(RefreshClaim), received, expires)
            : null;

    /// <summary>The same person with these tokens in place of the ones they had.</summary>
    public ClaimsPrincipal Into(ClaimsPrincipal user)
    {
        var identity = (ClaimsIdentity)user.Identity!;
        var kept = identity.Claims.Where(c => c.Type is not (UserToken.Claim or RefreshClaim or ReceivedClaim or ExpiresClaim));
        return new ClaimsPrincipal(new ClaimsIdentity(kept.Concat(Claims()), identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));
    }
}
