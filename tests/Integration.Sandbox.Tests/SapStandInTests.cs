using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Integration.Sandbox.Tests;

public sealed class SapStandInTests(SandboxFactory sandbox) : IClassFixture<SandboxFactory>
{
    private const string SalesOrders = "/sap/opu/odata/sap/API_SALES_ORDER_SRV";
    private const string Partners = "/sap/opu/odata/sap/API_BUSINESS_PARTNER";

    // OData property names are case-sensitive: send them exactly as declared, not camel-cased.
    private static readonly JsonSerializerOptions Exact = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Wrong_credentials_get_401_with_a_basic_challenge()
    {
        var client = sandbox.CreateClient();
        client.DefaultRequestHeaders.Authorization = SandboxFactory.Basic(SandboxFactory.SapUser, "wrong");

        using var response = await client.GetAsync($"{Partners}/A_BusinessPartner", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Collections_page_on_the_server_with_next_links_and_count_as_a_string()
    {
        var sap = sandbox.Sap();
        var all = new List<string>();
        string? next = $"{Partners}/A_BusinessPartner?$inlinecount=allpages";
        string? count = null;
        while (next is not null)
        {
            var page = (await sap.GetFromJsonAsync<JsonElement>(next, Cancel)).GetProperty("d");
            count ??= page.TryGetProperty("__count", out var c) ? c.GetString() : null;
            all.AddRange(page.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("BusinessPartner").GetString()!));
            next = page.TryGetProperty("__next", out var n) ? new Uri(n.GetString()!).PathAndQuery : null;
        }

        Assert.Equal("10", count);
        Assert.Equal(10, all.Distinct().Count());
    }

    [Fact]
    public async Task Top_skip_filter_and_select_shape_the_result()
    {
        var sap = sandbox.Sap();

        var page = (await sap.GetFromJsonAsync<JsonElement>($"{Partners}/A_BusinessPartner?$filter=BusinessPartnerCategory eq '2'&$top=3&$skip=1&$select=BusinessPartner,BusinessPartnerFullName", Cancel)).GetProperty("d");

        var results = page.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.False(page.TryGetProperty("__next", out _));
        Assert.Equal(["__metadata", "BusinessPartner", "BusinessPartnerFullName"], results[0].EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("/Date(", (await sap.GetFromJsonAsync<JsonElement>($"{Partners}/A_BusinessPartner('1000001')", Cancel)).GetProperty("d").GetProperty("CreationDate").GetString());
    }

    [Fact]
    public async Task A_write_without_a_csrf_token_is_refused_and_with_one_creates_a_sales_order()
    {
        var sap = sandbox.Sap();
        var order = new
        {
            SalesOrderType = "OR", SalesOrganization = "1710", DistributionChannel = "10", OrganizationDivision = "00", SoldToParty = "1000001",
            to_Item = new { results = new[] { new { Material = "MZ-FG-HEAD02", RequestedQuantity = "2" } } },
        };

        using var refused = await sap.PostAsJsonAsync($"{SalesOrders}/A_SalesOrder", order, Exact, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Required", refused.Headers.GetValues("X-CSRF-Token").Single());

        using var fetch = new HttpRequestMessage(HttpMethod.Head, $"{SalesOrders}/");
        fetch.Headers.Add("X-CSRF-Token", "Fetch");
        using var fetched = await sap.SendAsync(fetch, Cancel);
        var token = fetched.Headers.GetValues("X-CSRF-Token").Single();
        var cookie = fetched.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var create = new HttpRequestMessage(HttpMethod.Post, $"{SalesOrders}/A_SalesOrder") { Content = JsonContent.Create(order, options: Exact) };
        create.Headers.Add("X-CSRF-Token", token);
        create.Headers.Add("Cookie", cookie);
        using var created = await sap.SendAsync(create, Cancel);
        var d = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("d");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("179.80", d.GetProperty("TotalNetAmount").GetString());
        Assert.Equal("MZ-FG-HEAD02", d.GetProperty("to_Item").GetProperty("results")[0].GetProperty("Material").GetString());
        Assert.NotNull(created.Headers.ETag);

        // An update needs the current ETag: none is 428, a stale one 412, the current one 204 with a new ETag.
        var key = d.GetProperty("SalesOrder").GetString();
        async Task<HttpResponseMessage> Patch(string? ifMatch)
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{SalesOrders}/A_SalesOrder('{key}')") { Content = JsonContent.Create(new { PurchaseOrderByCustomer = "PO-NEW" }, options: Exact) };
            patch.Headers.Add("X-CSRF-Token", token);
            patch.Headers.Add("Cookie", cookie);
            if (ifMatch is not null)
            {
                patch.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            return await sap.SendAsync(patch, Cancel);
        }

        var etag = created.Headers.ETag!.ToString();
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await Patch(null)).StatusCode);
        var updated = await Patch(etag);
        Assert.Equal(HttpStatusCode.NoContent, updated.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Patch(etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Patch(updated.Headers.ETag!.ToString())).StatusCode);
    }

    [Fact]
    public async Task Errors_use_the_odata_error_body_and_metadata_is_served()
    {
        var sap = sandbox.Sap();

        using var missing = await sap.GetAsync($"{SalesOrders}/A_SalesOrder('0')", Cancel);
        using var badFilter = await sap.GetAsync($"{SalesOrders}/A_SalesOrder?$filter=Nope eq 'x'", Cancel);
        var metadata = await sap.GetStringAsync($"{SalesOrders}/$metadata", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("/IWFND/CM_MGW/051", (await missing.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.Contains("ConcurrencyMode=\"Fixed\"", metadata);
        Assert.Contains("<EntitySet Name=\"A_SalesOrder\"", metadata);
    }
}
