using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Integration.ServiceDefaults.Auth;

public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>Mints the suite's JWTs (HS256): user tokens for the dev login, service tokens for calls between services.</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, TimeProvider time)
{
    public const string RoleClaim = "role";

    public static SymmetricSecurityKey KeyFrom(string signingKey) => new(Encoding.UTF8.GetBytes(signingKey));

    public IssuedToken IssueUserToken(string user, IEnumerable<string> roles) =>
        Issue(options.Value, user, roles, options.Value.UserTokenLifetime, time);

    public IssuedToken IssueServiceToken(string serviceName) =>
        Issue(options.Value, serviceName, [Roles.Service], options.Value.ServiceTokenLifetime, time);

    /// <summary>For callers without DI (the test harness), given the same settings the services use.</summary>
    public static IssuedToken Issue(AuthOptions settings, string subject, IEnumerable<string> roles, TimeSpan lifetime, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, subject) };
        claims.AddRange(roles.Distinct().Select(r => new Claim(RoleClaim, r)));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(KeyFrom(settings.SigningKey), SecurityAlgorithms.HmacSha256),
        };
        return new IssuedToken(new JsonWebTokenHandler().CreateToken(descriptor), now + lifetime);
    }
}
