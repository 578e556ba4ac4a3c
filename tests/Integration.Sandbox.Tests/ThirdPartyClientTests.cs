using System.Text.Json;
using Integration.Testing;

namespace Integration.Sandbox.Tests;

/// <summary>The Sandbox on a real port, for clients that run in their own process.</summary>
public sealed class KestrelSandboxFactory : SandboxFactory
{
    // The clients' own handling is what is checked here: the export shows what changed up to now (ZendeskExportTests
    // checks Zendesk's minute of lag).
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Sandbox:Zendesk:IncrementalExportLagSeconds"] = "0",
    };

    protected override bool OnRealPort => true;
}

/// <summary>
/// Standard clients of each API, unchanged, pointed at the Sandbox's base URL: node-zendesk and zendesk-node-api, jsforce
/// (Salesforce) and the SAP Cloud SDK's HTTP client. They are installed with npm from the committed lock file.
/// </summary>
public sealed class ThirdPartyClientTests(KestrelSandboxFactory sandbox) : IClassFixture<KestrelSandboxFactory>
{
    private static readonly NodeScripts Scripts = new(Path.Combine(AppContext.BaseDirectory, "ThirdParty"));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Node_zendesk_creates_shows_updates_and_lists_tickets_lists_users_and_exports_incrementally()
    {
        var result = await Run("zendesk.mjs", new() { ["ZENDESK_EMAIL"] = ZendeskEmail, ["ZENDESK_TOKEN"] = ZendeskToken });

        Assert.Equal("From node-zendesk", result.GetProperty("shownSubject").GetString());
        Assert.Equal("open", result.GetProperty("updatedStatus").GetString());
        Assert.True(result.GetProperty("listed").GetInt32() >= 13);
        Assert.True(result.GetProperty("users").GetInt32() >= 2);
        Assert.Equal(result.GetProperty("listed").GetInt32(), result.GetProperty("exported").GetInt32());
        Assert.True(result.GetProperty("exportedUpdatedLast").GetBoolean());
    }

    // Its URLs have a doubled slash (/zendesk/api/v2//tickets.json), which Zendesk's servers take as one: so does the stand-in.
    [Fact]
    public async Task Zendesk_node_api_with_its_doubled_slashes_creates_shows_updates_lists_and_searches_tickets()
    {
        var result = await Run("zendesk-node-api.mjs", new() { ["ZENDESK_EMAIL"] = ZendeskEmail, ["ZENDESK_TOKEN"] = ZendeskToken });

        Assert.Equal("From zendesk-node-api", result.GetProperty("shownSubject").GetString());
        Assert.Equal("open", result.GetProperty("updatedStatus").GetString());
        Assert.True(result.GetProperty("listed").GetInt32() >= 13);
        Assert.Equal([1, result.GetProperty("created").GetInt64()], result.GetProperty("several").EnumerateArray().Select(t => t.GetInt64()));
        Assert.True(result.GetProperty("users").GetInt32() >= 2);
        Assert.True(result.GetProperty("found").GetBoolean());
    }

    [Fact]
    public async Task Jsforce_logs_in_with_client_credentials_describes_queries_every_page_writes_and_retrieves_several()
    {
        var result = await Run("salesforce.mjs", new() { ["SF_CLIENT_ID"] = SalesforceClientId, ["SF_CLIENT_SECRET"] = SalesforceSecret });

        // The test Sandbox pages queries by 5, so reading them all took queryMore calls.
        Assert.Equal(result.GetProperty("total").GetInt32(), result.GetProperty("queried").GetInt32());
        Assert.True(result.GetProperty("queried").GetInt32() > 5);
        Assert.True(result.GetProperty("created").GetBoolean());
        Assert.Equal("Working", result.GetProperty("status").GetString());
        Assert.True(result.GetProperty("upserted").GetBoolean());
        Assert.Equal(3, result.GetProperty("described").GetInt32());
        Assert.True(result.GetProperty("caseFields").GetInt32() > 20);
        Assert.True(result.GetProperty("apiRemaining").GetInt32() > 0);
        Assert.Equal("From jsforce|Second from jsforce", result.GetProperty("retrievedSubjects").GetString());
    }

    [Fact]
    public async Task The_sap_cloud_sdk_fetches_a_csrf_token_and_creates_a_sales_order()
    {
        var result = await Run("sap.mjs", new() { ["SAP_USER"] = SapUser, ["SAP_PASSWORD"] = SapPassword });

        Assert.Equal(2, result.GetProperty("listed").GetInt32());
        Assert.Equal(201, result.GetProperty("status").GetInt32());
        Assert.Equal("147.00", result.GetProperty("total").GetString());
    }

    private static string ZendeskEmail => SandboxFactory.ZendeskEmail;
    private static string ZendeskToken => SandboxFactory.ZendeskToken;
    private static string SalesforceClientId => SandboxFactory.SalesforceClientId;
    private static string SalesforceSecret => SandboxFactory.SalesforceSecret;
    private static string SapUser => SandboxFactory.SapUser;
    private static string SapPassword => SandboxFactory.SapPassword;

    private Task<JsonElement> Run(string script, Dictionary<string, string> environment)
    {
        environment["BASE_URL"] = sandbox.Url;
        return Scripts.RunAsync(script, environment, Cancel);
    }
}
