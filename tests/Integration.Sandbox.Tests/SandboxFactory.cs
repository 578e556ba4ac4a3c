using System.Net.Http.Headers;
using System.Text;
using Integration.Testing;

namespace Integration.Sandbox.Tests;

/// <summary>The Sandbox in process against its own Redis, with stand-in credentials of its own and clients that log in as a vendor's client would.</summary>
public class SandboxFactory : ServiceFactory<Program>
{
    public const string ZendeskEmail = "integration@example.com";
    public const string ZendeskToken = "zendesk-token-0123456789abcdef";
    public const string WebhookSecret = "webhook-secret-0123456789abcdef";
    public const string SalesforceClientId = "integration-suite";
    public const string SalesforceSecret = "salesforce-secret-0123456789abcdef";
    public const string SapUser = "INTEGRATION";
    public const string SapPassword = "sap-password-0123456789abcdef";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Zendesk:ApiToken"] = ZendeskToken,
        ["Sandbox:Zendesk:WebhookSecret"] = WebhookSecret,
        ["Sandbox:Zendesk:RequestsPerMinute"] = "100000",
        ["Sandbox:Salesforce:ClientSecret"] = SalesforceSecret,
        ["Sandbox:Salesforce:QueryBatchSize"] = "5",
        ["Sandbox:Sap:Password"] = SapPassword,
        ["Sandbox:Sap:PageSize"] = "4",
        ["Sandbox:SeedTickets"] = "12",
    };

    public HttpClient Zendesk()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = Basic($"{ZendeskEmail}/token", ZendeskToken);
        return client;
    }

    public HttpClient Sap()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = Basic(SapUser, SapPassword);
        return client;
    }

    public async Task<HttpClient> SalesforceAsync(CancellationToken cancellationToken)
    {
        var client = CreateClient();
        using var login = await client.PostAsync("/salesforce/services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = SalesforceClientId, ["client_secret"] = SalesforceSecret,
        }), cancellationToken);
        login.EnsureSuccessStatusCode();
        var token = System.Text.Json.JsonDocument.Parse(await login.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static AuthenticationHeaderValue Basic(string user, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
}
