using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Integration.Sandbox.Oidc;

/// <summary>Who signed in at the login page, and what the client asked for, until the client redeems the code (or a refresh token).</summary>
/// <param name="Offline">The client asked for <c>offline_access</c>: its token answers carry a refresh token.</param>
public sealed record AuthorizationGrant(string User, IReadOnlyList<string> Roles, string RedirectUri, string? Nonce, string? CodeChallenge, bool Offline, DateTimeOffset Expires);

/// <summary>
/// The stand-in provider's signing key and its one-time authorization codes. The key is made at start (a restart makes a new
/// one, and relying parties fetch it again by its key id, as they do when a real provider rotates); codes live two minutes.
/// Refresh tokens are used once: each use gives a new one (rotation), so a stolen one that was used already is worth nothing.
/// </summary>
public sealed class OidcProvider(TimeProvider time)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(2);

    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) };
    private readonly ConcurrentDictionary<string, AuthorizationGrant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AuthorizationGrant> _refreshTokens = new(StringComparer.Ordinal);

    public JsonWebKey PublicKey
    {
        get
        {
            var parameters = _key.Rsa.ExportParameters(includePrivateParameters: false);
            return new JsonWebKey
            {
                Kty = "RSA", Use = "sig", Alg = SecurityAlgorithms.RsaSha256, Kid = _key.KeyId,
                N = Base64UrlEncoder.Encode(parameters.Modulus), E = Base64UrlEncoder.Encode(parameters.Exponent),
            };
        }
    }

    public string IssueCode(AuthorizationGrant grant) => Issue(_codes, grant, CodeLifetime);

    /// <summary>The grant behind a code, once: a second redemption, or one after two minutes, finds nothing.</summary>
    public AuthorizationGrant? Redeem(string code) => Take(_codes, code);

    public string IssueRefreshToken(AuthorizationGrant grant, TimeSpan lifetime) => Issue(_refreshTokens, grant, lifetime);

    /// <summary>The grant behind a refresh token, once: the answer carries the next one.</summary>
    public AuthorizationGrant? RedeemRefreshToken(string token) => Take(_refreshTokens, token);

    private string Issue(ConcurrentDictionary<string, AuthorizationGrant> store, AuthorizationGrant grant, TimeSpan lifetime)
    {
        foreach (var (stale, _) in store.Where(c => c.Value.Expires < time.GetUtcNow()))
        {
            store.TryRemove(stale, out _);
        }

        var value = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        store[value] = grant with { Expires = time.GetUtcNow() + lifetime };
        return value;
    }

    private AuthorizationGrant? Take(ConcurrentDictionary<string, AuthorizationGrant> store, string value) =>
        store.TryRemove(value, out var grant) && grant.Expires >= time.GetUtcNow() ? grant : null;

    /// <summary>PKCE (RFC 7636, S256): the verifier's SHA-256 must be the challenge sent to the login page.</summary>
    public static bool Verifies(string? challenge, string? verifier) =>
        challenge is null ? verifier is null
        : verifier is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))), Encoding.ASCII.GetBytes(challenge));

    /// <summary>A signed token for the audience: the person's stable id as <c>sub</c>, their name and roles as claims.</summary>
    public string Token(string issuer, string audience, AuthorizationGrant grant, TimeSpan lifetime, string? nonce)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            // An opaque subject, as real providers give: the suite shows and audits preferred_username.
            ["sub"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(grant.User)))[..24],
            ["preferred_username"] = grant.User,
            ["name"] = grant.User,
            ["roles"] = grant.Roles.ToArray(),
        };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer, Audience = audience, IssuedAt = now, NotBefore = now, Expires = now + lifetime, Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }
}
