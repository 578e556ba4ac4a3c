using System.ComponentModel.DataAnnotations;

namespace Integration.Sandbox;

/// <summary>
/// The credentials the stand-ins accept and the knobs that shape them. The credentials are secrets (AppHost
/// parameters shared with the connector service); they are never logged or returned.
/// </summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>The base URL callers reach this service at, for links in responses (Location, next pages, instance_url).</summary>
    public string? PublicUrl { get; set; }

    public ZendeskSandboxOptions Zendesk { get; set; } = new();

    public SalesforceSandboxOptions Salesforce { get; set; } = new();

    public SapSandboxOptions Sap { get; set; } = new();

    public OidcSandboxOptions Oidc { get; set; } = new();

    /// <summary>How many synthetic records of each kind are seeded on first start.</summary>
    [Range(0, 100_000)]
    public int SeedTickets { get; set; } = 60;
}

public sealed class ZendeskSandboxOptions
{
    [Required]
    public string Email { get; set; } = "integration@example.com";

    [Required, MinLength(16)]
    public string ApiToken { get; set; } = "";

    /// <summary>Signs outgoing webhooks (X-Zendesk-Webhook-Signature).</summary>
    [Required, MinLength(16)]
    public string WebhookSecret { get; set; } = "";

    /// <summary>Where ticket created/updated webhooks go; none are sent while empty.</summary>
    public string? WebhookUrl { get; set; }

    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 700;

    /// <summary>Zendesk allows 10 incremental export requests a minute (30 with the High Volume add-on).</summary>
    [Range(1, 1_000_000)]
    public int IncrementalExportsPerMinute { get; set; } = 10;

    /// <summary>Incremental exports leave out what changed within the last minute, "to ensure the accuracy of the data".</summary>
    [Range(0, 3600)]
    public int IncrementalExportLagSeconds { get; set; } = 60;
}

public sealed class SalesforceSandboxOptions
{
    [Required]
    public string ClientId { get; set; } = "integration-suite";

    [Required, MinLength(16)]
    public string ClientSecret { get; set; } = "";

    /// <summary>PEM public key that verifies JWT bearer assertions; the JWT flow is refused while empty.</summary>
    public string? JwtPublicKeyPem { get; set; }

    public string Username { get; set; } = "integration@example.com.sandbox";

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(2);

    [Range(1, 2000)]
    public int QueryBatchSize { get; set; } = 2000;

    [Range(1, 100_000_000)]
    public int DailyApiRequests { get; set; } = 100_000;
}

public sealed class SapSandboxOptions
{
    [Required]
    public string User { get; set; } = "INTEGRATION";

    [Required, MinLength(16)]
    public string Password { get; set; } = "";

    /// <summary>Server-side page size when a query gives no $top (the __next link carries on).</summary>
    [Range(1, 5000)]
    public int PageSize { get; set; } = 50;
}

/// <summary>The stand-in OpenID Connect provider (what Entra ID or Keycloak is to a deployment): off while no client secret is set.</summary>
public sealed class OidcSandboxOptions
{
    /// <summary>The one client it knows: the Portal.</summary>
    [Required]
    public string ClientId { get; set; } = "integration-portal";

    /// <summary>The client's secret; the provider is off while empty.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The audience of its access tokens: what the suite's services are told to accept.</summary>
    [Required]
    public string Audience { get; set; } = "integration-suite-api";

    /// <summary>How long its access and id tokens live (a few seconds in tests that watch the Portal refresh them).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a refresh token may wait for its one use.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(8);
}
