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

    [Theory]
    [InlineData("(SoldToParty eq '1000002') and (SalesOrderType eq 'OR')")]
    [InlineData("((SoldToParty eq '1000002') or (SoldToParty eq '1000003')) and not (PurchaseOrderByCustomer eq 'PO-002-0')")]
    [InlineData("startswith(PurchaseOrderByCustomer,'PO-004')")]
    [InlineData("endswith(PurchaseOrderByCustomer,'-1') and SoldToParty le '1000003'")]
    [InlineData("substringof('-00',PurchaseOrderByCustomer) eq true")]
    [InlineData("substringof('-00', PurchaseOrderByCustomer) eq false")]
    [InlineData("TotalNetAmount gt 100.5M")]
    public async Task Filters_group_with_parentheses_and_use_the_string_functions_clients_emit(string filter)
    {
        var sap = sandbox.Sap();
        var all = (await sap.GetFromJsonAsync<JsonElement>($"{SalesOrders}/A_SalesOrder?$top=1000", Cancel)).GetProperty("d").GetProperty("results").EnumerateArray().ToList();

        var filtered = (await sap.GetFromJsonAsync<JsonElement>($"{SalesOrders}/A_SalesOrder?$top=1000&$filter={Uri.EscapeDataString(filter)}", Cancel))
            .GetProperty("d").GetProperty("results").EnumerateArray().Select(Number).ToList();

        // The same test written out by hand over every order.
        Func<JsonElement, bool> expected = filter switch
        {
            _ when filter.StartsWith("(SoldToParty eq '1000002')", StringComparison.Ordinal) => o => Text(o, "SoldToParty") == "1000002" && Text(o, "SalesOrderType") == "OR",
            _ when filter.StartsWith("((", StringComparison.Ordinal) => o => Text(o, "SoldToParty") is "1000002" or "1000003" && Text(o, "PurchaseOrderByCustomer") != "PO-002-0",
            _ when filter.StartsWith("startswith", StringComparison.Ordinal) => o => Text(o, "PurchaseOrderByCustomer").StartsWith("PO-004", StringComparison.Ordinal),
            _ when filter.StartsWith("endswith", StringComparison.Ordinal) => o => Text(o, "PurchaseOrderByCustomer").EndsWith("-1", StringComparison.Ordinal) && string.CompareOrdinal(Text(o, "SoldToParty"), "1000003") <= 0,
            _ when filter.EndsWith("eq true", StringComparison.Ordinal) => o => Text(o, "PurchaseOrderByCustomer").Contains("-00", StringComparison.Ordinal),
            _ when filter.EndsWith("eq false", StringComparison.Ordinal) => o => !Text(o, "PurchaseOrderByCustomer").Contains("-00", StringComparison.Ordinal),
            _ => o => decimal.Parse(Text(o, "TotalNetAmount"), System.Globalization.CultureInfo.InvariantCulture) > 100.5m,
        };
        Assert.NotEmpty(filtered);
        Assert.True(filtered.Count < all.Count);
        Assert.Equal(all.Where(expected).Select(Number), filtered);
    }

    [Theory]
    [InlineData("(SoldToParty eq '1000001'", "Expected ')'")]
    [InlineData("startswith(Nope,'x')", "Property 'Nope' not found")]
    [InlineData("substringof(SoldToParty,'1')", "'text' literal")]
    [InlineData("startswith(SoldToParty,'1') eq 'yes'", "true or false")]
    public async Task A_filter_that_does_not_parse_is_400_saying_why(string filter, string reason)
    {
        using var response = await sandbox.Sap().GetAsync($"{SalesOrders}/A_SalesOrder?$filter={Uri.EscapeDataString(filter)}", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetProperty("message").GetProperty("value").GetString());
    }

    [Fact]
    public async Task An_items_own_uri_resolves_by_its_composite_key_and_the_item_set_can_be_queried()
    {
        var sap = sandbox.Sap();
        var order = (await sap.GetFromJsonAsync<JsonElement>($"{SalesOrders}/A_SalesOrder('4000003')?$expand=to_Item", Cancel)).GetProperty("d");
        var item = order.GetProperty("to_Item").GetProperty("results")[0];
        var uri = item.GetProperty("__metadata").GetProperty("uri").GetString()!;

        var resolved = (await sap.GetFromJsonAsync<JsonElement>(new Uri(uri).PathAndQuery, Cancel)).GetProperty("d");
        var listed = (await sap.GetFromJsonAsync<JsonElement>($"{SalesOrders}/A_SalesOrderItem?$filter=SalesOrder eq '4000003'", Cancel)).GetProperty("d").GetProperty("results");
        using var missingItem = await sap.GetAsync($"{SalesOrders}/A_SalesOrderItem(SalesOrder='4000003',SalesOrderItem='990')", Cancel);
        using var halfKey = await sap.GetAsync($"{SalesOrders}/A_SalesOrderItem('4000003')", Cancel);

        Assert.EndsWith("/A_SalesOrderItem(SalesOrder='4000003',SalesOrderItem='10')", uri);
        Assert.Equal(uri, resolved.GetProperty("__metadata").GetProperty("uri").GetString());
        Assert.Equal(item.GetProperty("Material").GetString(), resolved.GetProperty("Material").GetString());
        Assert.Equal(uri, Assert.Single(listed.EnumerateArray()).GetProperty("__metadata").GetProperty("uri").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missingItem.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, halfKey.StatusCode);
        Assert.Contains("<EntitySet Name=\"A_SalesOrderItem\"", await sap.GetStringAsync($"{SalesOrders}/$metadata", Cancel));
    }

    [Fact]
    public async Task A_path_outside_the_services_is_gateways_404_not_the_suites_401()
    {
        using var response = await sandbox.CreateClient().GetAsync("/sap/opu/odata/sap/", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("/IWFND/MED/170", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetProperty("code").GetString());
    }

    private static string Text(JsonElement order, string property) => order.GetProperty(property).GetString() ?? "";

    private static string Number(JsonElement order) => Text(order, "SalesOrder");

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
