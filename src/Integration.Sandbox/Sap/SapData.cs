using System.Globalization;
using System.Text.Json.Nodes;
using Integration.Sandbox.Store;

namespace Integration.Sandbox.Sap;

/// <summary>Sales orders created and changed with SAP's rules: required header fields, a known sold-to party, items priced from the material list.</summary>
public sealed class SapData(EntityStore store, TimeProvider time)
{
    /// <summary>Materials the stand-in prices (EUR per piece); synthetic.</summary>
    public static readonly IReadOnlyDictionary<string, (string Text, decimal Price)> Materials = new Dictionary<string, (string, decimal)>
    {
        ["MZ-FG-LAMP01"] = ("Aurora Desk Lamp", 49.00m),
        ["MZ-FG-HEAD02"] = ("Nimbus Headphones", 89.90m),
        ["MZ-FG-DESK03"] = ("Vertex Standing Desk", 399.00m),
        ["MZ-FG-SPKR04"] = ("Orbit Smart Speaker", 129.00m),
        ["MZ-FG-AIR05"] = ("Halo Air Purifier", 249.99m),
        ["MZ-FG-BAG06"] = ("Strata Backpack", 79.00m),
    };

    private static readonly string[] RequiredHeader = ["SalesOrderType", "SalesOrganization", "DistributionChannel", "OrganizationDivision", "SoldToParty"];

    public async Task<(JsonObject? Order, JsonObject? Error)> CreateSalesOrderAsync(JsonObject body)
    {
        const string service = SapModel.SalesOrderService;
        var missing = RequiredHeader.Where(f => string.IsNullOrWhiteSpace(body[f]?.ToString())).ToList();
        if (missing.Count > 0)
        {
            return (null, ODataV2.Error("V1/201", $"Mandatory field {missing[0]} is missing", service, missing.Select(m => ("V1/201", $"Enter a value for {m}", m))));
        }

        if (Unknown(body, SapModel.SalesOrders, "to_Item") is { } unknown)
        {
            return (null, ODataV2.Error("/IWBEP/CM_MGW_RT/020", $"Property '{unknown}' is invalid", service));
        }

        if ((Mistyped(body, SapModel.SalesOrders.Properties, "") ?? Items(body)) is { } mistyped)
        {
            return (null, ODataV2.Error("/IWBEP/CM_MGW_RT/021", $"Invalid value for property '{mistyped}'", service, [("/IWBEP/CM_MGW_RT/021", $"Invalid value for property '{mistyped}'", mistyped)]));
        }

        var soldTo = body["SoldToParty"]!.ToString();
        if (!(await store.AllAsync(SapModel.BusinessPartners.Table)).Any(bp => bp["Customer"]?.ToString() == soldTo))
        {
            return (null, ODataV2.Error("V1/302", $"Sold-to party {soldTo} not maintained for sales area", service, [("V1/302", $"Sold-to party {soldTo} not maintained for sales area", "SoldToParty")]));
        }

        var lines = body["to_Item"]?["results"] as JsonArray;
        if (lines is not { Count: > 0 })
        {
            return (null, ODataV2.Error("V1/801", "The sales document needs at least one item (to_Item)", service));
        }

        var number = (4_000_000 + await store.NextAsync("sap:sales-order")).ToString(CultureInfo.InvariantCulture);
        var now = time.GetUtcNow();
        var currency = body["TransactionCurrency"]?.ToString() ?? "EUR";
        var items = new JsonArray();
        var total = 0m;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i] as JsonObject ?? [];
            var material = line["Material"]?.ToString() ?? "";
            if (!Materials.TryGetValue(material, out var known))
            {
                return (null, ODataV2.Error("V1/392", $"Material {material} is not defined for sales org.", service, [("V1/392", $"Material {material} is not defined", $"to_Item/{i}/Material")]));
            }

            if (!decimal.TryParse(line["RequestedQuantity"]?.ToString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var quantity) || quantity <= 0)
            {
                return (null, ODataV2.Error("V1/213", "Enter a positive RequestedQuantity", service, [("V1/213", "Enter a positive quantity", $"to_Item/{i}/RequestedQuantity")]));
            }

            var net = quantity * known.Price;
            total += net;
            items.Add(new JsonObject
            {
                ["SalesOrder"] = number,
                ["SalesOrderItem"] = line["SalesOrderItem"]?.ToString() ?? ((i + 1) * 10).ToString(CultureInfo.InvariantCulture),
                ["Material"] = material,
                ["SalesOrderItemText"] = known.Text,
                ["RequestedQuantity"] = ODataV2.Decimal(quantity),
                ["RequestedQuantityUnit"] = line["RequestedQuantityUnit"]?.ToString() ?? "PC",
                ["NetAmount"] = ODataV2.Decimal(net),
                ["TransactionCurrency"] = currency,
                ["ProductionPlant"] = "1710",
                ["SDProcessStatus"] = "A",
                ["DeliveryStatus"] = "A",
            });
        }

        var order = new JsonObject
        {
            ["SalesOrder"] = number,
            ["SalesOrderType"] = body["SalesOrderType"]!.DeepClone(),
            ["SalesOrganization"] = body["SalesOrganization"]!.DeepClone(),
            ["DistributionChannel"] = body["DistributionChannel"]!.DeepClone(),
            ["OrganizationDivision"] = body["OrganizationDivision"]!.DeepClone(),
            ["SoldToParty"] = soldTo,
            ["PurchaseOrderByCustomer"] = body["PurchaseOrderByCustomer"]?.DeepClone() ?? "",
            ["SalesOrderDate"] = ODataV2.DateTime(now.Date),
            ["RequestedDeliveryDate"] = body["RequestedDeliveryDate"]?.DeepClone() ?? ODataV2.DateTime(now.Date.AddDays(7)),
            ["TotalNetAmount"] = ODataV2.Decimal(total),
            ["TransactionCurrency"] = currency,
            ["OverallSDProcessStatus"] = "A",
            ["OverallTotalDeliveryStatus"] = "A",
            ["TotalCreditCheckStatus"] = "A",
            ["CreationDate"] = ODataV2.DateTime(now.Date),
            ["LastChangeDateTime"] = ODataV2.DateTimeOffset(now),
            ["to_Item"] = items,
        };
        await store.PutAsync(SapModel.SalesOrders.Table, number, order);
        return (order, null);
    }

    public async Task<(JsonObject? Order, int Status, JsonObject? Error)> UpdateSalesOrderAsync(string key, JsonObject body, Func<JsonObject, bool> etagMatches)
    {
        const string service = SapModel.SalesOrderService;
        if (await store.GetAsync(SapModel.SalesOrders.Table, key) is not { } order)
        {
            return (null, 404, ODataV2.Error("/IWFND/CM_MGW/051", "Resource not found for the segment 'A_SalesOrderType'", service));
        }

        if (!etagMatches(order))
        {
            return (null, 412, ODataV2.Error("/IWBEP/CM_MGW_RT/025", "Precondition failed: the entity was changed by someone else", service));
        }

        foreach (var (name, value) in body)
        {
            if (name == "__metadata")
            {
                continue;
            }

            var property = SapModel.SalesOrders.Property(name);
            if (property is null || !property.Updatable)
            {
                return (null, 400, ODataV2.Error("/IWBEP/CM_MGW_RT/020", property is null ? $"Property '{name}' is invalid" : $"Property '{name}' cannot be changed", service));
            }

            if (!Fits(property, value))
            {
                return (null, 400, ODataV2.Error("/IWBEP/CM_MGW_RT/021", $"Invalid value for property '{name}'", service, [("/IWBEP/CM_MGW_RT/021", $"Invalid value for property '{name}'", name)]));
            }

            order[name] = value?.DeepClone();
        }

        // A change must move the ETag even within one millisecond of the last.
        var previous = ODataV2.ParseDate(order["LastChangeDateTime"]?.ToString()) ?? DateTimeOffset.MinValue;
        var now = time.GetUtcNow();
        order["LastChangeDateTime"] = ODataV2.DateTimeOffset(now > previous.AddMilliseconds(1) ? now : previous.AddMilliseconds(1));
        await store.PutAsync(SapModel.SalesOrders.Table, key, order);
        return (order, 204, null);
    }

    /// <summary>
    /// The first property whose value is not of its EDM type as OData V2's JSON writes it (Edm.String a string within its
    /// MaxLength, Edm.Decimal a string holding a number, Edm.DateTime a /Date(ms)/ string, Edm.Boolean true or false), or null.
    /// </summary>
    private static string? Mistyped(JsonObject body, IReadOnlyList<SapProperty> properties, string prefix) =>
        properties.Where(p => body.ContainsKey(p.Name) && !Fits(p, body[p.Name])).Select(p => prefix + p.Name).FirstOrDefault();

    /// <summary>The items' deep insert: to_Item is {"results": [objects]}, each item's properties of their types.</summary>
    private static string? Items(JsonObject body)
    {
        if (!body.ContainsKey("to_Item"))
        {
            return null;
        }

        if (body["to_Item"] is not JsonObject { } navigation || navigation["results"] is not JsonArray results)
        {
            return "to_Item";
        }

        for (var i = 0; i < results.Count; i++)
        {
            if (results[i] is not JsonObject item)
            {
                return $"to_Item/{i}";
            }

            if (Mistyped(item, SapModel.SalesOrderItemProperties, $"to_Item/{i}/") is { } wrong)
            {
                return wrong;
            }
        }

        return null;
    }

    private static bool Fits(SapProperty property, JsonNode? value)
    {
        if (value is null)
        {
            return !property.Key;
        }

        var kind = value.GetValueKind();
        return property.Type switch
        {
            "Edm.Boolean" => kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            _ when kind != System.Text.Json.JsonValueKind.String => false,
            "Edm.String" => property.MaxLength is not { } max || value.GetValue<string>().Length <= max,
            "Edm.Decimal" => decimal.TryParse(value.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out _),
            "Edm.DateTime" or "Edm.DateTimeOffset" => ODataV2.ParseDate(value.GetValue<string>()) is not null,
            "Edm.Guid" => Guid.TryParse(value.GetValue<string>(), out _),
            _ => true,
        };
    }

    private static string? Unknown(JsonObject body, SapEntitySet set, params string[] navigation) =>
        body.Select(p => p.Key).FirstOrDefault(name => name != "__metadata" && set.Property(name) is null && !navigation.Contains(name));
}
