using System.Globalization;
using System.Text.Json.Nodes;
using Integration.Connectors.Catalog;
using Integration.Connectors.Connections;
using static Integration.Connectors.Zendesk.ZendeskOperations;

namespace Integration.Connectors.Sap;

public static class SapOperations
{
    private const string QueryInput = """
        {"type":"object","properties":{"filter":{"type":"string","description":"OData $filter, e.g. SoldToParty eq '1000001'"},
          "select":{"type":"string"},"orderBy":{"type":"string"},"top":{"type":"integer","minimum":1,"maximum":5000},"skip":{"type":"integer","minimum":0},
          "maxRecords":{"type":"integer","minimum":1,"maximum":50000,"default":5000}},"additionalProperties":false}
        """;

    private const string QueryOutput = """{"type":"object","properties":{"results":{"type":"array","items":{"type":"object"}},"count":{"type":"integer"}},"required":["results"]}""";

    public static IEnumerable<Operation> All() =>
    [
        Operation.Define("sap.businessPartner.get", ConnectionKind.Sap, "Read a business partner (A_BusinessPartner) by number.", writes: false,
            """{"type":"object","properties":{"businessPartner":{"type":"string","minLength":1,"maxLength":10}},"required":["businessPartner"],"additionalProperties":false}""",
            """{"type":"object","properties":{"businessPartner":{"type":"object"}},"required":["businessPartner"]}""",
            async (call, apis, ct) => new JsonObject
            {
                ["businessPartner"] = (await apis.Sap(call.Connection).GetBusinessPartner(Text(call.Input, "businessPartner"), ct))["d"]?.DeepClone(),
            }),
        Operation.Define("sap.businessPartner.query", ConnectionKind.Sap, "Query business partners; without top, follows the server's __next pages.", writes: false,
            QueryInput, QueryOutput,
            (call, apis, ct) => Query(call, (query, token) => apis.Sap(call.Connection).QueryBusinessPartners(query, token), ct)),
        Operation.Define("sap.salesOrder.get", ConnectionKind.Sap, "Read a sales order (A_SalesOrder), with its items if asked, and its ETag.", writes: false,
            """{"type":"object","properties":{"salesOrder":{"type":"string","minLength":1,"maxLength":10},"expandItems":{"type":"boolean","default":false}},"required":["salesOrder"],"additionalProperties":false}""",
            """{"type":"object","properties":{"salesOrder":{"type":"object"},"etag":{"type":"string"}},"required":["salesOrder"]}""",
            async (call, apis, ct) =>
            {
                using var response = await apis.Sap(call.Connection).GetSalesOrder(Text(call.Input, "salesOrder"), call.Input["expandItems"]?.GetValue<bool>() == true ? "to_Item" : null, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw response.Error!;
                }

                return new JsonObject { ["salesOrder"] = response.Content!["d"]?.DeepClone(), ["etag"] = response.Headers.ETag?.ToString() };
            }),
        Operation.Define("sap.salesOrder.query", ConnectionKind.Sap, "Query sales orders; without top, follows the server's __next pages.", writes: false,
            QueryInput, QueryOutput,
            (call, apis, ct) => Query(call, (query, token) => apis.Sap(call.Connection).QuerySalesOrders(query, token), ct)),
        Operation.Define("sap.salesOrder.create", ConnectionKind.Sap, "Create a sales order with its items (deep insert); CSRF handled by the connection.", writes: true,
            """
            {"type":"object","properties":{
              "soldToParty":{"type":"string","minLength":1,"maxLength":10},"salesOrderType":{"type":"string","default":"OR"},
              "salesOrganization":{"type":"string","default":"1710"},"distributionChannel":{"type":"string","default":"10"},
              "organizationDivision":{"type":"string","default":"00"},"purchaseOrderByCustomer":{"type":"string","maxLength":35},
              "items":{"type":"array","minItems":1,"items":{"type":"object","properties":{"material":{"type":"string","minLength":1},
                "quantity":{"type":"number","exclusiveMinimum":0},"unit":{"type":"string","default":"PC"}},"required":["material","quantity"],"additionalProperties":false}}},
             "required":["soldToParty","items"],"additionalProperties":false}
            """,
            """{"type":"object","properties":{"salesOrder":{"type":"object"}},"required":["salesOrder"]}""",
            async (call, apis, ct) =>
            {
                var input = call.Input;
                var order = new JsonObject
                {
                    ["SalesOrderType"] = input["salesOrderType"]?.GetValue<string>() ?? "OR",
                    ["SalesOrganization"] = input["salesOrganization"]?.GetValue<string>() ?? "1710",
                    ["DistributionChannel"] = input["distributionChannel"]?.GetValue<string>() ?? "10",
                    ["OrganizationDivision"] = input["organizationDivision"]?.GetValue<string>() ?? "00",
                    ["SoldToParty"] = Text(input, "soldToParty"),
                    ["PurchaseOrderByCustomer"] = input["purchaseOrderByCustomer"]?.GetValue<string>() ?? "",
                    ["to_Item"] = new JsonObject
                    {
                        ["results"] = new JsonArray(input["items"]!.AsArray().Select(item => (JsonNode)new JsonObject
                        {
                            ["Material"] = item!["material"]!.GetValue<string>(),
                            // Edm.Decimal travels as a string in OData V2.
                            ["RequestedQuantity"] = item["quantity"]!.GetValue<decimal>().ToString(CultureInfo.InvariantCulture),
                            ["RequestedQuantityUnit"] = item["unit"]?.GetValue<string>() ?? "PC",
                        }).ToArray()),
                    },
                };
                return new JsonObject { ["salesOrder"] = (await apis.Sap(call.Connection).CreateSalesOrder(order, ct))["d"]?.DeepClone() };
            }),
        Operation.Define("sap.salesOrder.update", ConnectionKind.Sap, "Change header fields of a sales order, guarded by its ETag (If-Match).", writes: true,
            """{"type":"object","properties":{"salesOrder":{"type":"string","minLength":1,"maxLength":10},"changes":{"type":"object","minProperties":1},"etag":{"type":"string"}},"required":["salesOrder","changes"],"additionalProperties":false}""",
            """{"type":"object","properties":{"salesOrder":{"type":"string"},"etag":{"type":"string"}},"required":["salesOrder","etag"]}""",
            async (call, apis, ct) =>
            {
                var api = apis.Sap(call.Connection);
                var key = Text(call.Input, "salesOrder");
                // Without a caller's ETag, the current one: the update then fails (412) only if someone changes the order in between.
                var etag = call.Input["etag"]?.GetValue<string>();
                if (etag is null)
                {
                    using var current = await api.GetSalesOrder(key, null, ct);
                    etag = current.IsSuccessStatusCode ? current.Headers.ETag?.ToString() : throw current.Error!;
                }

                using var response = await api.UpdateSalesOrder(key, call.Input["changes"]!.AsObject(), etag!, ct);
                return response.IsSuccessStatusCode
                    ? new JsonObject { ["salesOrder"] = key, ["etag"] = response.Headers.ETag?.ToString() }
                    : throw response.Error!;
            }),
    ];

    private static async Task<JsonNode> Query(OperationCall call, Func<ODataQuery, CancellationToken, Task<JsonObject>> fetch, CancellationToken ct)
    {
        var input = call.Input;
        var top = input["top"]?.GetValue<int>();
        var max = input["maxRecords"]?.GetValue<int>() ?? 5000;
        var query = new ODataQuery
        {
            Filter = input["filter"]?.GetValue<string>(), Select = input["select"]?.GetValue<string>(), OrderBy = input["orderBy"]?.GetValue<string>(),
            Top = top, Skip = input["skip"]?.GetValue<int>(), InlineCount = "allpages",
        };
        var results = new JsonArray();
        int? count = null;
        while (true)
        {
            var d = (await fetch(query, ct))["d"]!;
            count ??= int.TryParse(d["__count"]?.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
            foreach (var row in d["results"]?.AsArray() ?? [])
            {
                if (results.Count < max)
                {
                    results.Add(row!.DeepClone());
                }
            }

            // Server paging: __next carries a $skiptoken to send back.
            if (d["__next"]?.GetValue<string>() is not { } next || results.Count >= max)
            {
                break;
            }

            var token = System.Web.HttpUtility.ParseQueryString(new Uri(next).Query)["$skiptoken"];
            query = new ODataQuery { Filter = query.Filter, Select = query.Select, OrderBy = query.OrderBy, Top = top, SkipToken = token };
        }

        return new JsonObject { ["results"] = results, ["count"] = count };
    }
}
