using System.Text.Json.Nodes;
using Refit;

namespace Integration.Connectors.Sap;

/// <summary>SAP S/4HANA's OData V2 services API_BUSINESS_PARTNER and API_SALES_ORDER_SRV.</summary>
public interface ISapApi
{
    [Get("/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner('{id}')")]
    Task<JsonObject> GetBusinessPartner(string id, CancellationToken cancellationToken);

    [Get("/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner")]
    Task<JsonObject> QueryBusinessPartners([Query] ODataQuery query, CancellationToken cancellationToken);

    [Get("/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder('{id}')")]
    Task<IApiResponse<JsonObject>> GetSalesOrder(string id, [AliasAs("$expand")] string? expand, CancellationToken cancellationToken);

    [Get("/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder")]
    Task<JsonObject> QuerySalesOrders([Query] ODataQuery query, CancellationToken cancellationToken);

    [Post("/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder")]
    Task<JsonObject> CreateSalesOrder([Body] JsonObject order, CancellationToken cancellationToken);

    [Patch("/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder('{id}')")]
    Task<IApiResponse> UpdateSalesOrder(string id, [Body] JsonObject changes, [Header("If-Match")] string etag, CancellationToken cancellationToken);
}

/// <summary>OData V2 system query options; null ones are left out of the URL.</summary>
public sealed class ODataQuery
{
    [AliasAs("$filter")]
    public string? Filter { get; init; }

    [AliasAs("$select")]
    public string? Select { get; init; }

    [AliasAs("$orderby")]
    public string? OrderBy { get; init; }

    [AliasAs("$top")]
    public int? Top { get; init; }

    [AliasAs("$skip")]
    public int? Skip { get; init; }

    [AliasAs("$skiptoken")]
    public string? SkipToken { get; init; }

    [AliasAs("$inlinecount")]
    public string? InlineCount { get; init; }
}
