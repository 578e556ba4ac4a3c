using System.Security.Cryptography;
using Integration.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Integration.Connectors.Tests;

/// <summary>
/// The connector service in process, calling a real Sandbox over HTTP: the Sandbox runs as its own process on the same
/// Redis, with stand-in credentials this fixture makes up and gives to both sides.
/// </summary>
public class ConnectorFactory : ServiceFactory<Program>
{
    public string ZendeskToken { get; } = RandomNumberGenerator.GetHexString(32);

    public string WebhookSecret { get; } = RandomNumberGenerator.GetHexString(32);

    public string SalesforceSecret { get; } = RandomNumberGenerator.GetHexString(32);

    public string SapPassword { get; } = RandomNumberGenerator.GetHexString(24);

    /// <summary>The key pair of the Salesforce JWT bearer flow: the Sandbox's connected app holds the public half.</summary>
    private readonly RSA _jwtKey = RSA.Create(2048);

    public ServiceProcess Sandbox { get; private set; } = null!;

    public string SandboxUrl => Sandbox.Url;

    /// <summary>The Sandbox's own admin endpoints (faults, sessions), as an admin of the suite.</summary>
    public HttpClient SandboxAdmin()
    {
        var client = new HttpClient { BaseAddress = new Uri(SandboxUrl) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", IssueToken(SigningKey, "ada", [Integration.ServiceDefaults.Auth.Roles.Admin], TimeSpan.FromHours(1)));
        return client;
    }

    /// <summary>The connector service listens on a real port, so that the Sandbox can deliver its webhooks to it.</summary>
    public int Port { get; } = TestPorts.Free();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Sandbox = await ServiceProcess.StartAsync("Integration.Sandbox", new Dictionary<string, string>
        {
            ["ConnectionStrings__redis"] = Redis.ConnectionString,
            ["Auth__SigningKey"] = SigningKey,
            ["Sandbox__Zendesk__ApiToken"] = ZendeskToken,
            ["Sandbox__Zendesk__WebhookSecret"] = WebhookSecret,
            ["Sandbox__Zendesk__WebhookUrl"] = $"http://127.0.0.1:{Port}/v1/webhooks/zendesk/zendesk",
            ["Sandbox__Zendesk__RequestsPerMinute"] = "100000",
            // The connector's paging is checked here; the Sandbox's tests check Zendesk's minute of lag and its 10 exports a minute.
            ["Sandbox__Zendesk__IncrementalExportLagSeconds"] = "0",
            ["Sandbox__Zendesk__IncrementalExportsPerMinute"] = "100000",
            ["Sandbox__Salesforce__ClientSecret"] = SalesforceSecret,
            ["Sandbox__Salesforce__QueryBatchSize"] = "7",
            ["Sandbox__Salesforce__JwtPublicKeyPem"] = _jwtKey.ExportSubjectPublicKeyInfoPem(),
            ["Sandbox__Sap__Password"] = SapPassword,
            ["Sandbox__Sap__PageSize"] = "3",
        }, TestContext.Current.CancellationToken);
        UseKestrel(Port);
        StartServer();
    }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Connectors:PollInterval"] = "00:00:01",
        ["Connectors:Connections:zendesk:BaseUrl"] = SandboxUrl + "/zendesk",
        ["Connectors:Connections:zendesk:ApiToken"] = ZendeskToken,
        ["Connectors:Connections:zendesk:WebhookSecret"] = WebhookSecret,
        ["Connectors:Connections:zendesk:MaxRetries"] = "3",
        ["Connectors:Connections:salesforce:BaseUrl"] = SandboxUrl + "/salesforce",
        ["Connectors:Connections:salesforce:ClientSecret"] = SalesforceSecret,
        ["Connectors:Connections:sap:BaseUrl"] = SandboxUrl,
        ["Connectors:Connections:sap:Password"] = SapPassword,
        ["Connectors:Connections:salesforce-jwt:Kind"] = "Salesforce",
        ["Connectors:Connections:salesforce-jwt:BaseUrl"] = SandboxUrl + "/salesforce",
        ["Connectors:Connections:salesforce-jwt:ClientId"] = "integration-suite",
        ["Connectors:Connections:salesforce-jwt:Username"] = "integration@example.com.sandbox",
        ["Connectors:Connections:salesforce-jwt:PrivateKeyPem"] = _jwtKey.ExportPkcs8PrivateKeyPem(),
        // A second Zendesk connection with a wrong token, and one that opens its circuit quickly.
        ["Connectors:Connections:zendesk-wrong:Kind"] = "Zendesk",
        ["Connectors:Connections:zendesk-wrong:BaseUrl"] = SandboxUrl + "/zendesk",
        ["Connectors:Connections:zendesk-wrong:Email"] = "integration@example.com",
        ["Connectors:Connections:zendesk-wrong:ApiToken"] = "not-the-token-0123456789",
        ["Connectors:Connections:zendesk-fragile:Kind"] = "Zendesk",
        ["Connectors:Connections:zendesk-fragile:BaseUrl"] = SandboxUrl + "/zendesk",
        ["Connectors:Connections:zendesk-fragile:Email"] = "integration@example.com",
        ["Connectors:Connections:zendesk-fragile:ApiToken"] = ZendeskToken,
        ["Connectors:Connections:zendesk-fragile:MaxRetries"] = "0",
        ["Connectors:Connections:zendesk-fragile:CircuitMinimumCalls"] = "4",
        ["Connectors:Connections:zendesk-fragile:CircuitBreakFor"] = "00:00:30",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _jwtKey.Dispose();
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
    }
}

/// <summary>The same, with change polling off: fault tests must not have a poller use up the faults they inject.</summary>
public sealed class UnpolledConnectorFactory : ConnectorFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["Connectors:PollInterval"] = "00:00:00" };
}
