using System.Text;

namespace Integration.Sandbox.Sap;

public sealed record SapProperty(string Name, string Type, int? MaxLength = null, bool Key = false, bool Updatable = true);

/// <param name="ItemsOf">The set whose records hold this set's records as their items (a sales order's to_Item): none of its own.</param>
public sealed record SapEntitySet(string Service, string Name, string TypeName, IReadOnlyList<SapProperty> Properties, bool Creatable, bool Updatable,
    string? ItemsNavigation = null, SapEntitySet? ItemsOf = null)
{
    public SapProperty KeyProperty => Properties.First(p => p.Key);

    public IReadOnlyList<SapProperty> KeyProperties => [.. Properties.Where(p => p.Key)];

    public string Table => $"sap:{Name}";

    public SapProperty? Property(string name) => Properties.FirstOrDefault(p => p.Name == name);
}

/// <summary>
/// The entity sets the stand-in serves, with the property names, types and lengths of SAP's
/// API_BUSINESS_PARTNER and API_SALES_ORDER_SRV (a subset of their properties), and their $metadata.
/// </summary>
public static class SapModel
{
    public const string BusinessPartnerService = "API_BUSINESS_PARTNER";
    public const string SalesOrderService = "API_SALES_ORDER_SRV";

    public static readonly SapEntitySet BusinessPartners = new(BusinessPartnerService, "A_BusinessPartner", "A_BusinessPartnerType",
    [
        new("BusinessPartner", "Edm.String", 10, Key: true, Updatable: false), new("Customer", "Edm.String", 10), new("Supplier", "Edm.String", 10),
        new("BusinessPartnerCategory", "Edm.String", 1), new("BusinessPartnerFullName", "Edm.String", 81), new("BusinessPartnerName", "Edm.String", 81),
        new("BusinessPartnerGrouping", "Edm.String", 4), new("BusinessPartnerUUID", "Edm.Guid"), new("FirstName", "Edm.String", 40),
        new("LastName", "Edm.String", 40), new("OrganizationBPName1", "Edm.String", 40), new("SearchTerm1", "Edm.String", 20),
        new("CreationDate", "Edm.DateTime", Updatable: false), new("LastChangeDate", "Edm.DateTime", Updatable: false),
        new("BusinessPartnerIsBlocked", "Edm.Boolean"), new("ETag", "Edm.String", 26, Updatable: false),
    ], Creatable: false, Updatable: false);

    public static readonly IReadOnlyList<SapProperty> SalesOrderItemProperties =
    [
        new("SalesOrder", "Edm.String", 10, Key: true), new("SalesOrderItem", "Edm.String", 6, Key: true), new("Material", "Edm.String", 40),
        new("SalesOrderItemText", "Edm.String", 40), new("RequestedQuantity", "Edm.Decimal"), new("RequestedQuantityUnit", "Edm.String", 3),
        new("NetAmount", "Edm.Decimal"), new("TransactionCurrency", "Edm.String", 5), new("ProductionPlant", "Edm.String", 4),
        new("SDProcessStatus", "Edm.String", 1), new("DeliveryStatus", "Edm.String", 1),
    ];

    public static readonly SapEntitySet SalesOrders = new(SalesOrderService, "A_SalesOrder", "A_SalesOrderType",
    [
        new("SalesOrder", "Edm.String", 10, Key: true, Updatable: false), new("SalesOrderType", "Edm.String", 4), new("SalesOrganization", "Edm.String", 4),
        new("DistributionChannel", "Edm.String", 2), new("OrganizationDivision", "Edm.String", 2), new("SoldToParty", "Edm.String", 10),
        new("PurchaseOrderByCustomer", "Edm.String", 35), new("SalesOrderDate", "Edm.DateTime"), new("RequestedDeliveryDate", "Edm.DateTime"),
        new("TotalNetAmount", "Edm.Decimal", Updatable: false), new("TransactionCurrency", "Edm.String", 5),
        new("OverallSDProcessStatus", "Edm.String", 1, Updatable: false), new("OverallTotalDeliveryStatus", "Edm.String", 1, Updatable: false),
        new("TotalCreditCheckStatus", "Edm.String", 1, Updatable: false), new("CreationDate", "Edm.DateTime", Updatable: false),
        new("LastChangeDateTime", "Edm.DateTimeOffset", Updatable: false),
    ], Creatable: true, Updatable: true, ItemsNavigation: "to_Item");

    /// <summary>A sales order's items, each addressed by its composite key (SalesOrder, SalesOrderItem) as the item URIs say.</summary>
    public static readonly SapEntitySet SalesOrderItems = new(SalesOrderService, "A_SalesOrderItem", "A_SalesOrderItemType", SalesOrderItemProperties,
        Creatable: false, Updatable: false, ItemsOf: SalesOrders);

    public static IEnumerable<SapEntitySet> SetsOf(string service) => new[] { BusinessPartners, SalesOrders, SalesOrderItems }.Where(s => s.Service == service);

    public static bool IsService(string service) => service is BusinessPartnerService or SalesOrderService;

    public static string Metadata(string service)
    {
        var xml = new StringBuilder();
        xml.Append("""<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:sap="http://www.sap.com/Protocols/SAPData">""");
        xml.Append($"""<edmx:DataServices m:DataServiceVersion="2.0"><Schema Namespace="{service}" xml:lang="en" sap:schema-version="1" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">""");
        foreach (var set in SetsOf(service))
        {
            EntityType(set.TypeName, set.Properties, set.Name == "A_SalesOrder" ? "LastChangeDateTime" : null, set.ItemsNavigation);
        }

        if (service == SalesOrderService)
        {
            xml.Append("""<Association Name="assoc_SalesOrder_Item"><End Type="API_SALES_ORDER_SRV.A_SalesOrderType" Multiplicity="1" Role="FromRole_assoc_SalesOrder_Item"/><End Type="API_SALES_ORDER_SRV.A_SalesOrderItemType" Multiplicity="*" Role="ToRole_assoc_SalesOrder_Item"/></Association>""");
        }

        xml.Append($"""<EntityContainer Name="{service}_Entities" m:IsDefaultEntityContainer="true">""");
        foreach (var set in SetsOf(service))
        {
            xml.Append($"""<EntitySet Name="{set.Name}" EntityType="{service}.{set.TypeName}" sap:creatable="{Flag(set.Creatable)}" sap:updatable="{Flag(set.Updatable)}" sap:deletable="false" sap:content-version="1"/>""");
        }

        if (service == SalesOrderService)
        {
            xml.Append("""<AssociationSet Name="assoc_SalesOrder_Item" Association="API_SALES_ORDER_SRV.assoc_SalesOrder_Item"><End EntitySet="A_SalesOrder" Role="FromRole_assoc_SalesOrder_Item"/><End EntitySet="A_SalesOrderItem" Role="ToRole_assoc_SalesOrder_Item"/></AssociationSet>""");
        }

        xml.Append("</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>");
        return xml.ToString();

        void EntityType(string name, IReadOnlyList<SapProperty> properties, string? concurrency, string? items)
        {
            xml.Append($"""<EntityType Name="{name}" sap:content-version="1"><Key>""");
            foreach (var key in properties.Where(p => p.Key))
            {
                xml.Append($"""<PropertyRef Name="{key.Name}"/>""");
            }

            xml.Append("</Key>");
            foreach (var p in properties)
            {
                var length = p.MaxLength is { } max ? $" MaxLength=\"{max}\"" : "";
                var precision = p.Type == "Edm.Decimal" ? " Precision=\"16\" Scale=\"3\"" : p.Type is "Edm.DateTime" or "Edm.DateTimeOffset" ? " Precision=\"7\"" : "";
                var fixedMode = p.Name == concurrency ? " ConcurrencyMode=\"Fixed\"" : "";
                xml.Append($"""<Property Name="{p.Name}" Type="{p.Type}" Nullable="{Flag(!p.Key)}"{length}{precision}{fixedMode} sap:updatable="{Flag(p.Updatable)}"/>""");
            }

            if (items is not null)
            {
                xml.Append($"""<NavigationProperty Name="{items}" Relationship="API_SALES_ORDER_SRV.assoc_SalesOrder_Item" FromRole="FromRole_assoc_SalesOrder_Item" ToRole="ToRole_assoc_SalesOrder_Item"/>""");
            }

            xml.Append("</EntityType>");
        }
    }

    private static string Flag(bool value) => value ? "true" : "false";
}
