using System.Net.Http.Json;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Sandbox.Tests;

/// <summary>The stand-ins and the Sandbox's own admin endpoints refuse bad bodies with a 4xx and change nothing.</summary>
public sealed class BodyFuzzTests(SandboxFactory sandbox) : IClassFixture<SandboxFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("POST", "/zendesk/api/v2/tickets.json", """{"ticket":{"subject":"Fuzzed","comment":{"body":"Do not create me."}}}""")]
    [InlineData("PUT", "/zendesk/api/v2/tickets/1.json", """{"ticket":{"status":"open","comment":{"body":"Do not add me.","public":false}}}""")]
    public async Task A_bad_body_to_the_zendesk_stand_in_is_refused_and_changes_nothing(string method, string path, string validJson)
    {
        var zendesk = sandbox.Zendesk();

        await BodyFuzzAssert.EveryVariantIsRefusedAndChangesNothingAsync(zendesk, new HttpMethod(method), path, validJson,
            async () => await TicketCountAsync(zendesk) + await zendesk.GetStringAsync("/zendesk/api/v2/tickets/1/comments.json", Cancel),
            // Zendesk documents no length for subjects and comments.
            Cancel, longText: ["subject", "body"]);
    }

    [Theory]
    [InlineData("PUT", "/sandbox/faults", """{"latencyMs":0,"rateLimitShare":0,"serverErrorShare":0,"retryAfterSeconds":1,"rateLimitNext":0,"serverErrorNext":0,"vendors":"all"}""")]
    [InlineData("POST", "/sandbox/zendesk/tickets/generate", """{"count":1}""")]
    public async Task A_bad_body_to_the_sandbox_admin_is_refused_and_changes_nothing(string method, string path, string validJson)
    {
        var admin = sandbox.CreateClient("ada", Roles.Admin);

        await BodyFuzzAssert.EveryVariantIsRefusedAndChangesNothingAsync(admin, new HttpMethod(method), path, validJson,
            async () => await admin.GetStringAsync("/sandbox/faults", Cancel) + await TicketCountAsync(sandbox.Zendesk()),
            Cancel);
    }

    public const string SalesforceApi = "/salesforce/services/data/v59.0";
    public const string SalesOrders = "/sap/opu/odata/sap/API_SALES_ORDER_SRV";

    [Fact]
    public async Task A_bad_body_to_the_salesforce_stand_in_is_refused_and_changes_nothing()
    {
        var salesforce = await sandbox.SalesforceAsync(Cancel);
        var id = (await salesforce.GetFromJsonAsync<System.Text.Json.JsonElement>($"{SalesforceApi}/query?q=SELECT+Id+FROM+Case+LIMIT+1", Cancel))
            .GetProperty("records")[0].GetProperty("Id").GetString();
        // How many cases, the one patched, and the account an upsert would make (whole answers: none is long enough to page).
        async Task<string> Cases() =>
            (await salesforce.GetFromJsonAsync<System.Text.Json.JsonElement>($"{SalesforceApi}/query?q=SELECT+Id+FROM+Case", Cancel)).GetProperty("totalSize").ToString() +
            await salesforce.GetStringAsync($"{SalesforceApi}/query?q=SELECT+Id,Subject,Status+FROM+Case+WHERE+Id+=+'{id}'", Cancel) +
            await salesforce.GetStringAsync($"{SalesforceApi}/query?q=SELECT+Id,Name+FROM+Account+WHERE+External_Id__c+=+'fuzz-ext'", Cancel);

        foreach (var (method, path, json) in new[]
                 {
                     ("POST", $"{SalesforceApi}/sobjects/Case", """{"Subject":"Fuzzed","Description":"Do not create me.","Status":"New","IsEscalated":false}"""),
                     ("PATCH", $"{SalesforceApi}/sobjects/Case/{id}", """{"Subject":"Fuzzed","Status":"Working"}"""),
                     ("PATCH", $"{SalesforceApi}/sobjects/Account/External_Id__c/fuzz-ext", """{"Name":"Fuzzed Ltd"}"""),
                     ("POST", $"{SalesforceApi}/composite/sobjects/Case", $$"""{"ids":["{{id}}"],"fields":["Subject","Status"]}"""),
                 })
        {
            await BodyFuzzAssert.EveryVariantIsRefusedAndChangesNothingAsync(salesforce, new HttpMethod(method), path, json, Cases, Cancel);
        }
    }

    [Fact]
    public async Task A_bad_body_to_the_sap_stand_in_is_refused_and_changes_nothing()
    {
        var sap = sandbox.Sap();
        using var fetch = new HttpRequestMessage(HttpMethod.Head, $"{SalesOrders}/");
        fetch.Headers.Add("X-CSRF-Token", "Fetch");
        using var fetched = await sap.SendAsync(fetch, Cancel);
        sap.DefaultRequestHeaders.Add("X-CSRF-Token", fetched.Headers.GetValues("X-CSRF-Token").Single());
        sap.DefaultRequestHeaders.Add("Cookie", fetched.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
        using var order = await sap.GetAsync($"{SalesOrders}/A_SalesOrder('4000001')", Cancel);
        sap.DefaultRequestHeaders.TryAddWithoutValidation("If-Match", order.Headers.ETag!.ToString());
        async Task<string> Orders() => await sap.GetStringAsync($"{SalesOrders}/A_SalesOrder?$top=1000&$inlinecount=allpages", Cancel);

        foreach (var (method, path, json) in new[]
                 {
                     ("POST", $"{SalesOrders}/A_SalesOrder", """{"SalesOrderType":"OR","SalesOrganization":"1710","DistributionChannel":"10","OrganizationDivision":"00","SoldToParty":"1000001","to_Item":{"results":[{"Material":"MZ-FG-HEAD02","RequestedQuantity":"2"}]}}"""),
                     ("PATCH", $"{SalesOrders}/A_SalesOrder('4000001')", """{"PurchaseOrderByCustomer":"PO-FUZZ"}"""),
                     ("MERGE", $"{SalesOrders}/A_SalesOrder('4000001')", """{"PurchaseOrderByCustomer":"PO-FUZZ"}"""),
                     ("PUT", $"{SalesOrders}/A_SalesOrder('4000001')", """{"PurchaseOrderByCustomer":"PO-FUZZ"}"""),
                 })
        {
            await BodyFuzzAssert.EveryVariantIsRefusedAndChangesNothingAsync(sap, new HttpMethod(method), path, json, Orders, Cancel);
        }
    }

    [Fact]
    public async Task A_bad_login_form_never_gets_a_5xx()
    {
        var wrong = await RequestFuzz.FormFiveHundredsAsync(sandbox.CreateClient(), "/salesforce/services/oauth2/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = SandboxFactory.SalesforceClientId, ["client_secret"] = SandboxFactory.SalesforceSecret,
        }, Cancel);

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    /// <summary>The count alone: its <c>refreshed_at</c> is the time of the request, which differs between two reads.</summary>
    private static async Task<string> TicketCountAsync(HttpClient zendesk) =>
        (await zendesk.GetFromJsonAsync<System.Text.Json.JsonElement>("/zendesk/api/v2/tickets/count.json", Cancel)).GetProperty("count").GetProperty("value").ToString();
}

/// <summary>The Sandbox's routes: each that may take a body is fuzzed above or takes none; no path, query or OData option value gets a 5xx.</summary>
public sealed class RouteFuzzTests(SandboxFactory sandbox) : RouteFuzzTests<Program>(sandbox), IClassFixture<SandboxFactory>
{
    private const string SalesforceApi = BodyFuzzTests.SalesforceApi;
    private const string SalesOrders = BodyFuzzTests.SalesOrders;
    private HttpClient? _salesforce;
    private HttpClient? _zendesk;
    private HttpClient? _sap;

    protected override IEnumerable<(string Method, string Path)> Fuzzed =>
    [
        ("POST", "/zendesk/api/v2/tickets.json"), ("PUT", "/zendesk/api/v2/tickets/1.json"), ("POST", "/zendesk/api/v2/tickets"), ("PUT", "/zendesk/api/v2/tickets/1"),
        ("PUT", "/sandbox/faults"), ("POST", "/sandbox/zendesk/tickets/generate"), ("POST", $"{SalesforceApi}/sobjects/Case"), ("PATCH", $"{SalesforceApi}/sobjects/Case/x"),
        ("PATCH", $"{SalesforceApi}/sobjects/Account/External_Id__c/x"), ("POST", $"{SalesforceApi}/composite/sobjects/Case"),
        ("POST", $"{SalesOrders}/A_SalesOrder"), ("PATCH", $"{SalesOrders}/A_SalesOrder('x')"), ("PUT", $"{SalesOrders}/A_SalesOrder('x')"),
    ];

    /// <summary>Forms are fuzzed field by field (BodyFuzzTests, OidcStandInTests); the session expiry takes nothing.</summary>
    protected override IReadOnlyList<string> TakeNoBody =>
        ["POST /sandbox/salesforce/sessions/expire", "POST /salesforce/services/oauth2/token", "POST /oidc/authorize", "POST /oidc/token"];

    /// <summary>Queries the stand-ins read by hand, and OData's keys and options.</summary>
    protected override IEnumerable<(string Method, string Url)> ExtraUrls =>
    [
        ("GET", "/zendesk/api/v2/search.json?query={fuzz}"), ("GET", "/zendesk/api/v2/search.json?query=type:ticket&page={fuzz}"),
        ("GET", "/zendesk/api/v2/search.json?query=type:ticket&per_page={fuzz}"), ("GET", "/zendesk/api/v2/tickets.json?page[size]={fuzz}"),
        ("GET", "/zendesk/api/v2/tickets.json?page[after]={fuzz}"), ("GET", "/zendesk/api/v2/tickets/show_many.json?ids={fuzz}"),
        ("GET", "/zendesk/api/v2/incremental/tickets/cursor.json?start_time={fuzz}"), ("GET", "/zendesk/api/v2/incremental/tickets/cursor.json?cursor={fuzz}"),
        ("GET", "/zendesk/api/v2/users.json?page[size]={fuzz}"), ("GET", "/zendesk/api/v2/tickets/1/comments.json?page[size]={fuzz}"),
        ("GET", $"{SalesforceApi}/query?q={{fuzz}}"), ("GET", $"{SalesforceApi}/query?q=SELECT+Id+FROM+Case+WHERE+Subject+=+'{{fuzz}}'"),
        ("GET", $"{SalesforceApi}/query?q=SELECT+Id+FROM+Case+LIMIT+{{fuzz}}"), ("GET", $"{SalesforceApi}/queryAll?q={{fuzz}}"),
        ("GET", $"{SalesforceApi}/composite/sobjects/Case?ids={{fuzz}}&fields=Id"), ("GET", $"{SalesforceApi}/composite/sobjects/Case?ids=x&fields={{fuzz}}"),
        ("GET", $"{SalesOrders}/A_SalesOrder('{{fuzz}}')"), ("GET", $"{SalesOrders}/A_SalesOrder?$filter={{fuzz}}"),
        ("GET", $"{SalesOrders}/A_SalesOrder?$filter=SalesOrder eq '{{fuzz}}'"), ("GET", $"{SalesOrders}/A_SalesOrder?$top={{fuzz}}"),
        ("GET", $"{SalesOrders}/A_SalesOrder?$skip={{fuzz}}"), ("GET", $"{SalesOrders}/A_SalesOrder?$skiptoken={{fuzz}}"),
        ("GET", $"{SalesOrders}/A_SalesOrder?$select={{fuzz}}"), ("GET", $"{SalesOrders}/A_SalesOrder?$expand={{fuzz}}"),
        ("GET", $"{SalesOrders}/A_SalesOrder?$orderby={{fuzz}}"), ("GET", $"{SalesOrders}/A_SalesOrder?$format={{fuzz}}"),
        ("GET", $"{SalesOrders}/A_SalesOrderItem(SalesOrder='{{fuzz}}',SalesOrderItem='10')"), ("GET", "/oidc/authorize?client_id={fuzz}&redirect_uri={fuzz}"),
    ];

    protected override async Task PrepareAsync() => _salesforce = await sandbox.SalesforceAsync(Cancel);

    /// <summary>Each stand-in with its vendor's login; the Sandbox's own routes with the suite's token.</summary>
    protected override HttpClient ClientFor(string url) =>
        url.StartsWith("/zendesk", StringComparison.Ordinal) ? _zendesk ??= sandbox.Zendesk()
        : url.StartsWith("/salesforce/services/data", StringComparison.Ordinal) ? _salesforce!
        : url.StartsWith("/sap", StringComparison.Ordinal) ? _sap ??= sandbox.Sap()
        : base.ClientFor(url);
}
