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
    public async Task An_upsert_by_the_external_id_of_a_deleted_record_creates_a_new_one()
    {
        var salesforce = await sandbox.SalesforceAsync(Cancel);
        var externalId = $"EXT-{Guid.NewGuid():N}";
        using var first = await salesforce.PatchAsJsonAsync($"{Api}/sobjects/Account/External_Id__c/{externalId}", new { Name = "Gone Ltd" }, Cancel);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString();

        using var deleted = await salesforce.DeleteAsync($"{Api}/sobjects/Account/{firstId}", Cancel);
        using var lookup = await salesforce.GetAsync($"{Api}/sobjects/Account/External_Id__c/{externalId}", Cancel);
        using var again = await salesforce.PatchAsJsonAsync($"{Api}/sobjects/Account/External_Id__c/{externalId}", new { Name = "Back Again Ltd" }, Cancel);
        var body = await again.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.True(body.GetProperty("created").GetBoolean());
        Assert.NotEqual(firstId, body.GetProperty("id").GetString());
        var account = await salesforce.GetFromJsonAsync<JsonElement>($"{Api}/sobjects/Account/External_Id__c/{externalId}", Cancel);
        Assert.Equal("Back Again Ltd", account.GetProperty("Name").GetString());
    }

    [Fact]
    public async Task Clients_read_describe_global_each_objects_describe_and_the_orgs_limits()
    {
        var salesforce = await sandbox.SalesforceAsync(Cancel);

        var global = await salesforce.GetFromJsonAsync<JsonElement>($"{Api}/sobjects", Cancel);
        var basic = await salesforce.GetFromJsonAsync<JsonElement>($"{Api}/sobjects/Case", Cancel);
        var describe = await salesforce.GetFromJsonAsync<JsonElement>($"{Api}/sobjects/Case/describe", Cancel);
        using var limitsResponse = await salesforce.GetAsync($"{Api}/limits", Cancel);
        var limits = await limitsResponse.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(["Account", "Contact", "Case"], global.GetProperty("sobjects").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal("500", basic.GetProperty("objectDescribe").GetProperty("keyPrefix").GetString());
        var fields = describe.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal("id", fields["Id"].GetProperty("type").GetString());
        Assert.Equal("picklist", fields["Status"].GetProperty("type").GetString());
        Assert.Contains("Working", fields["Status"].GetProperty("picklistValues").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
        Assert.Equal("Account", fields["AccountId"].GetProperty("referenceTo")[0].GetString());
        Assert.True(fields["External_Id__c"].GetProperty("externalId").GetBoolean());
        Assert.False(fields["CaseNumber"].GetProperty("createable").GetBoolean());
        Assert.Equal($"/services/data/v59.0/sobjects/Case/describe", describe.GetProperty("urls").GetProperty("describe").GetString());
        // Remaining is what the usage header says is left.
        var usage = limitsResponse.Headers.GetValues("Sforce-Limit-Info").Single()["api-usage=".Length..].Split('/').Select(int.Parse).ToArray();
        Assert.Equal(usage[1], limits.GetProperty("DailyApiRequests").GetProperty("Max").GetInt32());
        Assert.Equal(usage[1] - usage[0], limits.GetProperty("DailyApiRequests").GetProperty("Remaining").GetInt32());
    }

    [Fact]
    public async Task Several_records_are_retrieved_at_once_in_the_order_asked_with_null_for_a_missing_one()
    {
        var salesforce = await sandbox.SalesforceAsync(Cancel);
        var ids = new List<string>();
        foreach (var subject in new[] { "First of two", "Second of two" })
        {
            using var created = await salesforce.PostAsJsonAsync($"{Api}/sobjects/Case/", new { Subject = subject }, Cancel);
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!);
        }

        var missing = "500Sb000000zzzzAAA";
        var viaGet = await salesforce.GetFromJsonAsync<JsonElement>($"{Api}/composite/sobjects/Case?ids={ids[1]},{missing},{ids[0]}&fields=Id,Subject", Cancel);
        using var posted = await salesforce.PostAsJsonAsync($"{Api}/composite/sobjects/Case", new { ids = new[] { ids[0], ids[1] }, fields = new[] { "Subject", "Status" } }, Cancel);
        var viaPost = await posted.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        using var badField = await salesforce.GetAsync($"{Api}/composite/sobjects/Case?ids={ids[0]}&fields=Subjekt", Cancel);

        Assert.Equal(["Second of two", null, "First of two"], viaGet.EnumerateArray().Select(r => r.ValueKind == JsonValueKind.Null ? null : r.GetProperty("Subject").GetString()));
        Assert.Equal(["First of two", "Second of two"], viaPost.EnumerateArray().Select(r => r.GetProperty("Subject").GetString()));
        Assert.Equal("New", viaPost[0].GetProperty("Status").GetString());
        Assert.Equal("INVALID_FIELD", (await badField.Content.ReadFromJsonAsync<JsonElement>(Cancel))[0].GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task An_unknown_path_is_salesforces_404_not_found_after_the_session_is_checked()
    {
        var salesforce = await sandbox.SalesforceAsync(Cancel);
        var stranger = sandbox.CreateClient();

        using var unknown = await salesforce.GetAsync($"{Api}/no/such/resource", Cancel);
        using var outside = await stranger.GetAsync("/salesforce/nothing-here", Cancel);
        using var anonymous = await stranger.GetAsync($"{Api}/no/such/resource", Cancel);

        foreach (var response in new[] { unknown, outside })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("NOT_FOUND", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel))[0].GetProperty("errorCode").GetString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("INVALID_SESSION_ID", (await anonymous.Content.ReadFromJsonAsync<JsonElement>(Cancel))[0].GetProperty("errorCode").GetString());
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
