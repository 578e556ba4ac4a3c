using System.Text.Json.Nodes;
using Refit;

namespace Integration.Connectors.Salesforce;

/// <summary>Salesforce's REST API (developer.salesforce.com/docs/platform/api-rest); requests go to the session's instance_url.</summary>
public interface ISalesforceApi
{
    [Get("/services/data/{version}/query")]
    Task<JsonObject> Query(string version, [AliasAs("q")] string soql, CancellationToken cancellationToken);

    /// <summary>The next batch of a query: the last segment of nextRecordsUrl.</summary>
    [Get("/services/data/{version}/query/{locator}")]
    Task<JsonObject> QueryMore(string version, string locator, CancellationToken cancellationToken);

    [Get("/services/data/{version}/sobjects/{sobject}/{id}")]
    Task<JsonObject> Get(string version, string sobject, string id, string? fields, CancellationToken cancellationToken);

    [Post("/services/data/{version}/sobjects/{sobject}/")]
    Task<JsonObject> Create(string version, string sobject, [Body] JsonObject fields, CancellationToken cancellationToken);

    [Patch("/services/data/{version}/sobjects/{sobject}/{id}")]
    Task Update(string version, string sobject, string id, [Body] JsonObject fields, CancellationToken cancellationToken);

    [Get("/services/data/{version}/sobjects/{sobject}/{field}/{value}")]
    Task<JsonObject> GetByExternalId(string version, string sobject, string field, string value, CancellationToken cancellationToken);

    [Patch("/services/data/{version}/sobjects/{sobject}/{field}/{value}")]
    Task<IApiResponse<JsonObject>> Upsert(string version, string sobject, string field, string value, [Body] JsonObject fields, CancellationToken cancellationToken);
}
