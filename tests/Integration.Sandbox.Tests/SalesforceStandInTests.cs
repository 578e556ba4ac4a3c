using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Integration.Sandbox.Tests;

public sealed class SalesforceStandInTests(SandboxFactory sandbox) : IClassFixture<SandboxFactory>
{
    private const string Api = "/salesforce/services/data/v59.0";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Client_credentials_give_a_token_response_with_an_instance_url()
    {
        using var response = await sandbox.CreateClient().PostAsync("/salesforce/services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = SandboxFactory.SalesforceClientId, ["client_secret"] = SandboxFactory.SalesforceSecret,
        }), Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.EndsWith("/salesforce", body.GetProperty("instance_url").GetString());
        Assert.True(long.TryParse(body.GetProperty("issued_at").GetString(), out _));
    }

    [Fact]
    public async Task Wrong_client_credentials_get_invalid_client()
    {
        using var response = await sandbox.CreateClient().PostAsync("/salesforce/services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = SandboxFactory.SalesforceClientId, ["client_secret"] = "nope",
        }), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_client", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_expired_session_gets_invalid_session_id()
    {
        var client = sandbox.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "00DSb0000000001!not-a-session");

        using var response = await client.GetAsync($"{Api}/query?q=SELECT+Id+FROM+Case", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("INVALID_SESSION_ID", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel))[0].GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task A_query_pages_with_next_records_url_until_done()
    {
        var salesforce = await sandbox.SalesforceAsync(Cancel);
        var ids = new List<string>();
        var page = await salesforce.GetFromJsonAsync<JsonElement>($"{Api}/query?q=" + Uri.EscapeDataString("SELECT Id, Subject, Status FROM Case ORDER BY CaseNumber"), Cancel);
        var total = page.GetProperty("totalSize").GetInt32();
        while (true)
        {
            ids.AddRange(page.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("Id").GetString()!));
            if (page.GetProperty("done").GetBoolean())
            {
                break;
            }

            page = await salesforce.GetFromJsonAsync<JsonElement>("/salesforce" + page.GetProperty("nextRecordsUrl").GetString(), Cancel);
        }

        Assert.True(total >= 20);
        Assert.Equal(total, ids.Count);
        Assert.Equal(total, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(18, id.Length));
    }

    [Fact]
    public async Task Records_are_created_read_updated_and_upserted_by_external_id()
    {
        var salesforce = await sandbox.SalesforceAsync(Cancel);
        using var created = await salesforce.PostAsJsonAsync($"{Api}/sobjects/Case/", new { Subject = "Refund missing", Origin = "Web", SuppliedEmail = "a@example.com" }, Cancel);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var patched = await salesforce.PatchAsJsonAsync($"{Api}/sobjects/Case/{id}", new { Status = "Closed" }, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        var read = await salesforce.GetFromJsonAsync<JsonElement>($"{Api}/sobjects/Case/{id}?fields=Status,IsClosed,CaseNumber", Cancel);
        Assert.Equal("Closed", read.GetProperty("Status").GetString());
        Assert.True(read.GetProperty("IsClosed").GetBoolean());
        Assert.Equal("Case", read.GetProperty("attributes").GetProperty("type").GetString());

        var externalId = $"EXT-{Guid.NewGuid():N}";
        using var first = await salesforce.PatchAsJsonAsync($"{Api}/sobjects/Account/External_Id__c/{externalId}", new { Name = "Zeta Corp" }, Cancel);
        using var second = await salesforce.PatchAsJsonAsync($"{Api}/sobjects/Account/External_Id__c/{externalId}", new { Name = "Zeta Corporation" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True((await first.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("created").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False((await second.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("created").GetBoolean());
        var account = await salesforce.GetFromJsonAsync<JsonElement>($"{Api}/sobjects/Account/External_Id__c/{externalId}", Cancel);
        Assert.Equal("Zeta Corporation", account.GetProperty("Name").GetString());
    }

    [Fact]
    public async Task Errors_come_as_salesforces_error_arrays_with_usage_headers()
    {
        var salesforce = await sandbox.SalesforceAsync(Cancel);

        using var missingName = await salesforce.PostAsJsonAsync($"{Api}/sobjects/Account/", new { Industry = "Retail" }, Cancel);
        using var badField = await salesforce.PostAsJsonAsync($"{Api}/sobjects/Case/", new { Subjekt = "typo" }, Cancel);
        using var badQuery = await salesforce.GetAsync($"{Api}/query?q=SELECT+Id+FRM+Case", Cancel);

        Assert.Equal("REQUIRED_FIELD_MISSING", (await missingName.Content.ReadFromJsonAsync<JsonElement>(Cancel))[0].GetProperty("errorCode").GetString());
        Assert.Equal("INVALID_FIELD", (await badField.Content.ReadFromJsonAsync<JsonElement>(Cancel))[0].GetProperty("errorCode").GetString());
        Assert.Equal("MALFORMED_QUERY", (await badQuery.Content.ReadFromJsonAsync<JsonElement>(Cancel))[0].GetProperty("errorCode").GetString());
        Assert.Matches(@"^api-usage=\d+/\d+$", badQuery.Headers.GetValues("Sforce-Limit-Info").Single());
    }

    [Fact]
    public async Task A_where_clause_filters_by_text_dates_and_lists()
    {
        var salesforce = await sandbox.SalesforceAsync(Cancel);
        var q = Uri.EscapeDataString("SELECT Id, Status FROM Case WHERE Status IN ('New', 'Working') AND LastModifiedDate > 2000-01-01T00:00:00Z");

        var page = await salesforce.GetFromJsonAsync<JsonElement>($"{Api}/query?q={q}", Cancel);
        var all = await salesforce.GetFromJsonAsync<JsonElement>($"{Api}/query?q=SELECT+Id+FROM+Case", Cancel);

        Assert.NotEmpty(page.GetProperty("records").EnumerateArray());
        Assert.True(page.GetProperty("totalSize").GetInt32() < all.GetProperty("totalSize").GetInt32());
        Assert.All(page.GetProperty("records").EnumerateArray(), r => Assert.Contains(r.GetProperty("Status").GetString(), new[] { "New", "Working" }));
    }
}
