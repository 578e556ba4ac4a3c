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

    /// <summary>Lets the Portal mint user tokens without an identity provider: local runs only.</summary>
    public bool DevTokensEnabled { get; set; }

    public override string ToString() => $"Issuer={Issuer}, Audience={Audience}, SigningKey=***";
}
