using System.Globalization;
using System.Text.Json.Nodes;
using Integration.Sandbox.Salesforce;
using Integration.Sandbox.Sap;
using Integration.Sandbox.Store;
using Integration.Sandbox.Zendesk;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Integration.Sandbox.Seeding;

/// <summary>
/// First start only: fills the stand-ins with synthetic, deterministic data (Zendesk users and tickets with and
/// without personal data; Salesforce accounts, contacts and cases; SAP business partners and sales orders).
/// Later starts find the data in Redis and leave it as it is.
/// </summary>
public sealed class SandboxSeeder(
    IConnectionMultiplexer redis,
    ZendeskData zendesk,
    SalesforceData salesforce,
    SapData sap,
    EntityStore store,
    IOptions<SandboxOptions> options,
    TimeProvider time,
    ILogger<SandboxSeeder> logger) : IHostedService
{
    private const string SeededKey = "sandbox:seeded";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Marked only once complete: a start that died while seeding seeds again on the next start.
        if (await redis.GetDatabase().KeyExistsAsync(SeededKey))
        {
            return;
        }

        var synthetic = new Synthetic(seed: 20261122);
        foreach (var agent in new[] { "Alex Agent", "Sam Support" })
        {
            await zendesk.UserForEmailAsync($"{agent.ToLowerInvariant().Replace(' ', '.')}@support.example.com", agent, "agent");
        }

        for (var i = 0; i < options.Value.SeedTickets; i++)
        {
            var person = synthetic.Person();
            var (subject, body, _) = synthetic.Ticket(person);
            var (_, problem) = await zendesk.CreateTicketAsync(new JsonObject
            {
                ["subject"] = subject,
                ["comment"] = new JsonObject { ["body"] = body },
                ["requester"] = new JsonObject { ["name"] = person, ["email"] = synthetic.Email(person) },
                ["priority"] = synthetic.Pick(ZendeskData.Priorities),
                ["status"] = synthetic.Pick(new[] { "new", "open", "open", "pending", "solved" }),
                ["type"] = synthetic.Pick(ZendeskData.Types),
                ["tags"] = new JsonArray("synthetic"),
            });
            if (problem is not null)
            {
                throw new InvalidOperationException($"Seeding a Zendesk ticket failed: {problem.Body.ToJsonString()}");
            }
        }

        await SeedSalesforce(synthetic);
        await SeedSap(synthetic);
        await redis.GetDatabase().StringSetAsync(SeededKey, time.GetUtcNow().ToString("O"));
        logger.LogInformation("Sandbox seeded with synthetic data: {Tickets} Zendesk tickets, 10 Salesforce accounts with contacts and cases, 10 SAP business partners with sales orders",
            options.Value.SeedTickets);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedSalesforce(Synthetic synthetic)
    {
        for (var i = 1; i <= 10; i++)
        {
            var account = await salesforce.CreateAsync("Account", new JsonObject
            {
                ["Name"] = $"{synthetic.Company()} {i:00}", ["Industry"] = synthetic.Pick(new[] { "Retail", "Manufacturing", "Technology" }),
                ["BillingCity"] = synthetic.Pick(new[] { "Berlin", "Hamburg", "Munich", "Vienna" }), ["BillingCountry"] = "Germany",
                [SalesforceSchema.ExternalIdField] = $"ACC-{i:0000}",
            });
            var accountId = account.Body!["id"]!.ToString();
            for (var c = 0; c < 2; c++)
            {
                var person = synthetic.Person();
                var contact = await salesforce.CreateAsync("Contact", new JsonObject
                {
                    ["AccountId"] = accountId, ["FirstName"] = person.Split(' ')[0], ["LastName"] = person.Split(' ')[1],
                    ["Email"] = synthetic.Email(person), ["Phone"] = synthetic.Phone(), [SalesforceSchema.ExternalIdField] = $"CON-{i:0000}-{c}",
                });
                var (subject, body, _) = synthetic.Ticket(person);
                await salesforce.CreateAsync("Case", new JsonObject
                {
                    ["AccountId"] = accountId, ["ContactId"] = contact.Body!["id"]!.ToString(), ["Subject"] = subject, ["Description"] = body,
                    ["Status"] = synthetic.Pick(new[] { "New", "Working", "Escalated", "Closed" }), ["Origin"] = synthetic.Pick(new[] { "Phone", "Email", "Web" }),
                });
            }
        }
    }

    private async Task SeedSap(Synthetic synthetic)
    {
        var now = time.GetUtcNow();
        for (var i = 1; i <= 10; i++)
        {
            var number = (1000000 + i).ToString(CultureInfo.InvariantCulture);
            var company = $"{synthetic.Company()} {i:00}";
            await store.PutAsync(SapModel.BusinessPartners.Table, number, new JsonObject
            {
                ["BusinessPartner"] = number, ["Customer"] = number, ["Supplier"] = "", ["BusinessPartnerCategory"] = "2",
                ["BusinessPartnerFullName"] = company, ["BusinessPartnerName"] = company, ["BusinessPartnerGrouping"] = "BP02",
                ["BusinessPartnerUUID"] = new Guid(i, 0, 0, new byte[8]).ToString(), ["FirstName"] = "", ["LastName"] = "",
                ["OrganizationBPName1"] = company, ["SearchTerm1"] = company.Split(' ')[0].ToUpperInvariant(),
                ["CreationDate"] = ODataV2.DateTime(now.Date.AddDays(-400 + i)), ["LastChangeDate"] = ODataV2.DateTime(now.Date.AddDays(-i)),
                ["BusinessPartnerIsBlocked"] = false, ["ETag"] = now.AddDays(-i).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
            });
            for (var o = 0; o < 2; o++)
            {
                var material = synthetic.Pick(SapData.Materials.Keys.ToList());
                var (_, error) = await sap.CreateSalesOrderAsync(new JsonObject
                {
                    ["SalesOrderType"] = "OR", ["SalesOrganization"] = "1710", ["DistributionChannel"] = "10", ["OrganizationDivision"] = "00",
                    ["SoldToParty"] = number, ["PurchaseOrderByCustomer"] = $"PO-{i:000}-{o}",
                    ["to_Item"] = new JsonObject { ["results"] = new JsonArray(new JsonObject { ["Material"] = material, ["RequestedQuantity"] = synthetic.Number(1, 5).ToString(CultureInfo.InvariantCulture) }) },
                });
                if (error is not null)
                {
                    throw new InvalidOperationException($"Seeding a sales order failed: {error.ToJsonString()}");
                }
            }
        }
    }
}
