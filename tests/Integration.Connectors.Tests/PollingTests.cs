using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using StackExchange.Redis;

namespace Integration.Connectors.Tests;

/// <summary>Salesforce and SAP changes found by polling from a cursor kept in Redis, each one trigger event.</summary>
public sealed class PollingTests(ConnectorFactory connectors) : IClassFixture<ConnectorFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_changed_case_and_a_changed_sales_order_become_trigger_events()
    {
        var workflows = connectors.CreateClient("workflows", Roles.Service);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectors.Redis.ConnectionString);
        // The first poll sets each cursor to "now"; changes after it are what polling reports.
        await Until(async () => await redis.GetDatabase().KeyExistsAsync("connectors:cursor:salesforce") && await redis.GetDatabase().KeyExistsAsync("connectors:cursor:sap"));

        var (createdCase, caseBody) = await workflows.InvokeAsync("salesforce.case.create", new { fields = new { Subject = "Polled case" } }, Cancel);
        var (updatedOrder, _) = await workflows.InvokeAsync("sap.salesOrder.update", new { salesOrder = "4000001", changes = new Dictionary<string, object> { ["PurchaseOrderByCustomer"] = "PO-POLLED" } }, Cancel);
        Assert.Equal(HttpStatusCode.OK, createdCase.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updatedOrder.StatusCode);
        var caseId = caseBody.GetProperty("output").GetProperty("id").GetString();

        var events = new List<JsonElement>();
        await Until(async () =>
        {
            // Whole, as the workflow service reads them (people see no data).
            events = (await connectors.CreateClient("workflows", Roles.Service).GetFromJsonAsync<JsonElement>("/v1/events?count=500", Cancel))
                .GetProperty("recent").EnumerateArray().ToList();
            // Each connection polls on its own clock: wait for the one asserted on below, not the first to report.
            return events.Any(e => e.GetProperty("subject").GetString() == $"case:{caseId}" && e.GetProperty("source").GetString() == "salesforce:salesforce")
                && events.Any(e => e.GetProperty("subject").GetString() == "salesOrder:4000001");
        });

        // Two connections reach this org ("salesforce" and "salesforce-jwt"): each reports the change once.
        var polledCase = Assert.Single(events, e => e.GetProperty("subject").GetString() == $"case:{caseId}" && e.GetProperty("source").GetString() == "salesforce:salesforce");
        Assert.Equal("salesforce.case.changed", polledCase.GetProperty("type").GetString());
        Assert.Equal("Polled case", polledCase.GetProperty("data").GetProperty("Subject").GetString());
        var polledOrder = Assert.Single(events, e => e.GetProperty("subject").GetString() == "salesOrder:4000001");
        Assert.Equal("PO-POLLED", polledOrder.GetProperty("data").GetProperty("PurchaseOrderByCustomer").GetString());
    }

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 20 s.");
            await Task.Delay(100, Cancel);
        }
    }
}
