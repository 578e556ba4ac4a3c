using System.ComponentModel.DataAnnotations;

namespace Integration.Connectors.Connections;

public sealed class ConnectorOptions
{
    public const string SectionName = "Connectors";

    public Dictionary<string, ConnectionOptions> Connections { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a repeated idempotency key returns the first result.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a call waits for another call with its idempotency key that is still running, before answering 409.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:02:00")]
    public TimeSpan InProgressWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How far a webhook's signed timestamp may be from now; older or newer deliveries are refused as replays.</summary>
    public TimeSpan WebhookReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The workflow service's base address (e.g. <c>http://workflows</c>), which takes the trigger events; they wait in the outbox
    /// while it is empty or unreachable.
    /// </summary>
    public string? EventsTarget { get; set; }

    /// <summary>How often Salesforce and SAP connections are asked for changes since their cursor; zero turns polling off.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one delivery to the events target may take; the workflow service accepts an event and answers at once.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:15")]
    public TimeSpan EventsDeliveryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An event another process read and left unacknowledged this long is taken over (that process died).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimPendingAfter { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// A named connection to one SaaS tenant: where it is, how to authenticate, how hard to push it. The secret
/// fields come from configuration or AppHost parameters and never leave this process except toward the SaaS.
/// </summary>
public sealed class ConnectionOptions
{
    public ConnectionKind Kind { get; set; }

    /// <summary>Zendesk: https://{subdomain}.zendesk.com; Salesforce: the login URL (token endpoint host); SAP: the Gateway host.</summary>
    [Required]
    public string BaseUrl { get; set; } = "";

    // Zendesk: API token (email/token basic) or an OAuth access token.
    public string? Email { get; set; }

    public string? ApiToken { get; set; }

    public string? OAuthToken { get; set; }

    /// <summary>The signing secret of the Zendesk webhook that posts to this connection's intake.</summary>
    public string? WebhookSecret { get; set; }

    // Salesforce: OAuth 2.0 client credentials or JWT bearer (RS256 assertion signed with PrivateKeyPem).
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? Username { get; set; }

    public string? PrivateKeyPem { get; set; }

    public string? Audience { get; set; }

    public string ApiVersion { get; set; } = "v59.0";

    // SAP: basic (User/Password) or an OAuth bearer token.
    public string? User { get; set; }

    public string? Password { get; set; }

    public string? BearerToken { get; set; }

    [Range(1, 1000)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Per attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>Longest Retry-After honoured; a server asking for more gets the failure passed on instead.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The circuit opens when this share of at least <see cref="CircuitMinimumCalls"/> calls in 30 s failed.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    [Range(2, 10_000)]
    public int CircuitMinimumCalls { get; set; } = 10;

    public TimeSpan CircuitBreakFor { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Which secrets are set, by name only: what the API may show about a connection.</summary>
    public IEnumerable<string> SecretsPresent() => new (string Name, string? Value)[]
        {
            ("ApiToken", ApiToken), ("OAuthToken", OAuthToken), ("WebhookSecret", WebhookSecret), ("ClientSecret", ClientSecret), ("PrivateKeyPem", PrivateKeyPem),
            ("Password", Password), ("BearerToken", BearerToken),
        }
        .Where(s => !string.IsNullOrEmpty(s.Value)).Select(s => s.Name);
}
