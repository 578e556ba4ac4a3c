using System.ComponentModel.DataAnnotations;

namespace Integration.ServiceDefaults.Auth;

/// <summary>Bearer-token settings (section "Auth"). The signing key is a secret: never logged or returned.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>HMAC-SHA256 key shared by the suite's services; the app host generates it for local runs.</summary>
    [Required(ErrorMessage = "Auth:SigningKey is not set. Run through the AppHost, or set Auth__SigningKey (at least 32 characters).")]
    [MinLength(32, ErrorMessage = "Auth:SigningKey must be at least 32 characters.")]
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "integration-suite";

    public string Audience { get; set; } = "integration-suite";

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan UserTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan ServiceTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far past its end a token is still taken (clocks differ between machines); tests that watch tokens lapse set it to zero.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lets the Portal mint user tokens without an identity provider: local runs only.</summary>
    public bool DevTokensEnabled { get; set; }

    /// <summary>An OpenID Connect identity provider whose people sign in to the Portal and whose tokens the services accept.</summary>
    public OidcAuthOptions Oidc { get; set; } = new();

    public override string ToString() => $"Issuer={Issuer}, Audience={Audience}, SigningKey=***, Oidc={Oidc.Authority ?? "off"}";
}

/// <summary>
/// Section "Auth:Oidc". With an authority, the services validate its access tokens by its published keys (JWKS from its
/// discovery document) next to the suite's own, and the Portal signs people in there (authorization code with PKCE).
/// </summary>
public sealed class OidcAuthOptions
{
    /// <summary>The provider's issuer URL (its discovery document is under <c>/.well-known/openid-configuration</c>); off while empty.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience its access tokens carry for the suite's services.</summary>
    public string Audience { get; set; } = "integration-suite-api";

    /// <summary>The claim that names a person in the suite (shown, audited, assigned tasks): a provider's <c>sub</c> is often opaque.</summary>
    public string UserClaim { get; set; } = "preferred_username";

    /// <summary>The claim listing a person's roles (Entra ID app roles and the Sandbox: <c>roles</c>); only the suite's user roles count.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The Portal's client at the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The Portal's client secret: a secret, never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The provider's name on the sign-in button.</summary>
    public string DisplayName { get; set; } = "your organisation's sign-in";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>Metadata over plain HTTP only from this machine (the Sandbox's provider); a real provider is HTTPS.</summary>
    public bool RequireHttpsMetadata => !(Uri.TryCreate(Authority, UriKind.Absolute, out var uri) && uri.IsLoopback);
}
