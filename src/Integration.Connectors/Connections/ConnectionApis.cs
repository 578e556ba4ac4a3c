using Integration.Connectors.Salesforce;
using Integration.Connectors.Sap;
using Integration.Connectors.Zendesk;
using Refit;

namespace Integration.Connectors.Connections;

/// <summary>The Refit clients of a connection, over its HttpClient (resilience and authentication included).</summary>
public sealed class ConnectionApis(IHttpClientFactory http, ConnectorOptions options)
{
    private static readonly RefitSettings Settings = new(new SystemTextJsonContentSerializer(new System.Text.Json.JsonSerializerOptions()));

    public ConnectionOptions Options(string connection) => options.Connections[connection];

    public IZendeskApi Zendesk(string connection) => RestService.For<IZendeskApi>(Client(connection), Settings);

    public ISalesforceApi Salesforce(string connection) => RestService.For<ISalesforceApi>(Client(connection), Settings);

    public ISapApi Sap(string connection) => RestService.For<ISapApi>(Client(connection), Settings);

    private HttpClient Client(string connection) => http.CreateClient(ConnectionClients.ClientName(connection));
}
