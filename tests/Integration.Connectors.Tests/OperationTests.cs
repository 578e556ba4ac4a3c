using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;

namespace Integration.Connectors.Tests;

/// <summary>Every operation of the catalog, invoked through the connector service against the Sandbox over HTTP.</summary>
public sealed class OperationTests(ConnectorFactory connectors) : IClassFixture<ConnectorFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Workflows => connectors.CreateClient("workflows", Roles.Service);

    private async Task<JsonElement> Ok(string operation, object input, string? key = null)
    {
        var (response, body) = await Workflows.InvokeAsync(operation, input, Cancel, idempotencyKey: key);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation}: {(int)response.StatusCode} {body}");
        return body.GetProperty("output");
    }

    // SAP's property names are case-sensitive: a dictionary keeps them as written (the test client camel-cases properties).
    private static Dictionary<string, object> Exact(string name, object value) => new() { [name] = value };

    [Fact]
    public async Task The_catalog_lists_every_operation_with_its_schemas()
    {
        var catalog = await Workflows.GetFromJsonAsync<JsonElement>("/v1/catalog", Cancel);
        var names = catalog.EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToList();

        Assert.Equal(
            ["salesforce.account.get", "salesforce.account.upsert", "salesforce.case.create", "salesforce.case.get", "salesforce.case.update",
             "salesforce.contact.get", "salesforce.contact.upsert", "salesforce.query",
             "sap.businessPartner.get", "sap.businessPartner.query", "sap.salesOrder.create", "sap.salesOrder.get", "sap.salesOrder.query", "sap.salesOrder.update",
             "zendesk.ticket.addComment", "zendesk.ticket.comments", "zendesk.ticket.create", "zendesk.ticket.export", "zendesk.ticket.get", "zendesk.ticket.list", "zendesk.ticket.search",
             "zendesk.ticket.update",
             "zendesk.user.get"],
            names);
        Assert.All(catalog.EnumerateArray(), o => Assert.Equal("object", o.GetProperty("inputSchema").GetProperty("type").GetString()));
        // The kind is named, as GET /v1/connections names it.
        Assert.Equal(["Salesforce", "Sap", "Zendesk"], catalog.EnumerateArray().Select(o => o.GetProperty("kind").GetString()).Distinct().Order());
    }

    [Fact]
    public async Task Zendesk_tickets_are_created_read_searched_updated_commented_and_their_users_read()
    {
        var subject = $"Connector test {Guid.NewGuid():N}";
        var created = await Ok("zendesk.ticket.create", new { subject, body = "The lamp flickers.", requester = new { name = "Vera Walsh", email = "vera.walsh@example.net" }, priority = "high" });
        var id = created.GetProperty("ticket").GetProperty("id").GetInt64();

        var read = await Ok("zendesk.ticket.get", new { ticketId = id });
        var found = await Ok("zendesk.ticket.search", new { query = subject.Split(' ')[^1] });
        var updated = await Ok("zendesk.ticket.update", new { ticketId = id, status = "open", tags = new[] { "triaged" } });
        var commented = await Ok("zendesk.ticket.addComment", new { ticketId = id, body = "We are on it.", @public = true, status = "pending" });
        var conversation = await Ok("zendesk.ticket.comments", new { ticketId = id });
        var user = await Ok("zendesk.user.get", new { userId = read.GetProperty("ticket").GetProperty("requester_id").GetInt64() });

        Assert.Equal(subject, read.GetProperty("ticket").GetProperty("subject").GetString());
        Assert.Equal(1, found.GetProperty("count").GetInt32());
        Assert.Equal("open", updated.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Equal("pending", commented.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Equal(["The lamp flickers.", "We are on it."], conversation.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("body").GetString()));
        Assert.Equal("vera.walsh@example.net", user.GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Zendesk_cursor_pages_visit_every_ticket_once()
    {
        var ids = new List<long>();
        string? cursor = null;
        bool more;
        do
        {
            var page = await Ok("zendesk.ticket.list", cursor is null ? new { pageSize = 7 } : new { afterCursor = cursor, pageSize = 7 });
            ids.AddRange(page.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("afterCursor").GetString();
            more = page.GetProperty("hasMore").GetBoolean();
        }
        while (more);

        var count = (await Ok("zendesk.ticket.search", new { query = "type:ticket", limit = 1 })).GetProperty("count").GetInt32();
        Assert.True(ids.Count > 7);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(ids.Count >= count);
    }

    [Fact]
    public async Task Zendesk_incremental_export_syncs_every_ticket_then_only_what_changed_since()
    {
        var ids = new List<long>();
        JsonElement page;
        var input = (object)new { startTime = 0, pageSize = 5 };
        do
        {
            page = await Ok("zendesk.ticket.export", input);
            ids.AddRange(page.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
            input = new { cursor = page.GetProperty("cursor").GetString(), pageSize = 5 };
        }
        while (!page.GetProperty("endOfStream").GetBoolean());

        var changed = ids[1];
        await Ok("zendesk.ticket.update", new { ticketId = changed, priority = "urgent" });
        var since = await Ok("zendesk.ticket.export", new { cursor = page.GetProperty("cursor").GetString() });

        Assert.True(ids.Count > 5);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains(changed, since.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
        Assert.Equal("urgent", since.GetProperty("tickets").EnumerateArray().Single(t => t.GetProperty("id").GetInt64() == changed).GetProperty("priority").GetString());
        Assert.True(since.GetProperty("endOfStream").GetBoolean());
    }

    [Fact]
    public async Task Salesforce_queries_read_every_batch_and_records_are_written_and_upserted()
    {
        // The test Sandbox answers queries in batches of 7: more records than that means nextRecordsUrl was followed.
        var all = await Ok("salesforce.query", new { soql = "SELECT Id, CaseNumber, Status FROM Case" });
        Assert.True(all.GetProperty("records").GetArrayLength() > 7);
        Assert.Equal(all.GetProperty("totalSize").GetInt32(), all.GetProperty("records").GetArrayLength());

        var created = await Ok("salesforce.case.create", new { fields = new { Subject = "From the connector", Origin = "Web" } });
        var id = created.GetProperty("id").GetString()!;
        await Ok("salesforce.case.update", new { id, fields = new { Status = "Working" } });
        var read = await Ok("salesforce.case.get", new { id, fields = new[] { "Status", "Subject" } });
        Assert.Equal("Working", read.GetProperty("record").GetProperty("Status").GetString());

        var externalId = $"ACC-{Guid.NewGuid():N}";
        var first = await Ok("salesforce.account.upsert", new { externalId, fields = new { Name = "Upsert GmbH" } });
        var second = await Ok("salesforce.account.upsert", new { externalId, fields = new { Name = "Upsert AG" } });
        Assert.True(first.GetProperty("created").GetBoolean());
        Assert.False(second.GetProperty("created").GetBoolean());
        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        var account = await Ok("salesforce.account.get", new { id = first.GetProperty("id").GetString() });
        Assert.Equal("Upsert AG", account.GetProperty("record").GetProperty("Name").GetString());

        var contact = await Ok("salesforce.contact.upsert", new { externalId = $"CON-{Guid.NewGuid():N}", fields = new { LastName = "Okafor", FirstName = "Ben" } });
        var readContact = await Ok("salesforce.contact.get", new { id = contact.GetProperty("id").GetString() });
        Assert.Equal("Ben Okafor", readContact.GetProperty("record").GetProperty("Name").GetString());
    }

    [Fact]
    public async Task The_jwt_bearer_flow_logs_in_with_a_signed_assertion()
    {
        var (response, body) = await Workflows.InvokeAsync("salesforce.query", new { soql = "SELECT Id FROM Account LIMIT 1" }, Cancel, connection: "salesforce-jwt");

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(1, body.GetProperty("output").GetProperty("records").GetArrayLength());
    }

    [Fact]
    public async Task An_expired_session_is_renewed_once_and_the_call_goes_through()
    {
        await Ok("salesforce.query", new { soql = "SELECT Id FROM Account LIMIT 1" });
        var sandboxAdmin = connectors.SandboxAdmin();
        using var expired = await sandboxAdmin.PostAsync("/sandbox/salesforce/sessions/expire", null, Cancel);
        Assert.True((await expired.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("expired").GetInt32() >= 1);

        var again = await Ok("salesforce.query", new { soql = "SELECT Id FROM Account LIMIT 1" });

        Assert.Equal(1, again.GetProperty("records").GetArrayLength());
        var connections = await connectors.CreateClient("ian", Roles.Integrator).GetFromJsonAsync<JsonElement>("/v1/connections", Cancel);
        Assert.Matches(@"^\d+/100000$", connections.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "salesforce").GetProperty("apiUsage").GetString());
    }

    [Fact]
    public async Task Sap_partners_and_orders_are_read_paged_created_and_updated_with_etags()
    {
        // The test Sandbox pages by 3: ten partners means __next was followed.
        var partners = await Ok("sap.businessPartner.query", new { });
        Assert.Equal(10, partners.GetProperty("results").GetArrayLength());
        Assert.Equal(10, partners.GetProperty("count").GetInt32());
        var partner = await Ok("sap.businessPartner.get", new { businessPartner = "1000003" });
        Assert.Equal("1000003", partner.GetProperty("businessPartner").GetProperty("Customer").GetString());

        var created = await Ok("sap.salesOrder.create", new { soldToParty = "1000003", purchaseOrderByCustomer = "PO-CONNECTOR", items = new[] { new { material = "MZ-FG-AIR05", quantity = 2 } } });
        var number = created.GetProperty("salesOrder").GetProperty("SalesOrder").GetString();
        Assert.Equal("499.98", created.GetProperty("salesOrder").GetProperty("TotalNetAmount").GetString());

        var read = await Ok("sap.salesOrder.get", new { salesOrder = number, expandItems = true });
        Assert.Equal("MZ-FG-AIR05", read.GetProperty("salesOrder").GetProperty("to_Item").GetProperty("results")[0].GetProperty("Material").GetString());
        var updated = await Ok("sap.salesOrder.update", new { salesOrder = number, changes = Exact("PurchaseOrderByCustomer", "PO-CHANGED") });
        Assert.NotEqual(read.GetProperty("etag").GetString(), updated.GetProperty("etag").GetString());

        var stale = await Workflows.InvokeAsync("sap.salesOrder.update", new { salesOrder = number, changes = Exact("PurchaseOrderByCustomer", "PO-STALE"), etag = read.GetProperty("etag").GetString() }, Cancel);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Response.StatusCode);

        var orders = await Ok("sap.salesOrder.query", new { filter = "SoldToParty eq '1000003'" });
        Assert.Contains(orders.GetProperty("results").EnumerateArray(), o => o.GetProperty("PurchaseOrderByCustomer").GetString() == "PO-CHANGED");
    }
}
