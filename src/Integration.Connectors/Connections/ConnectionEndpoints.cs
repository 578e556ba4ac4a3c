using System.Text.Json.Nodes;
using Integration.Connectors.Catalog;
using Integration.Connectors.Errors;
using Integration.ServiceDefaults.Auth;

namespace Integration.Connectors.Connections;

/// <summary>What integrators see of connections: where they point and which secrets are set (by name, never by value), and a live test.</summary>
public static class ConnectionEndpoints
{
    public static void MapConnectionEndpoints(this IEndpointRouteBuilder app)
    {
        var connections = app.MapGroup(ConnectorApiRoutes.Connections).RequireAuthorization(p => p.RequireRole(Roles.Integrator, Roles.Admin)).WithTags("Connections");
        connections.MapGet("", (ConnectorOptions options, ConnectionStates states) =>
            TypedResults.Ok(options.Connections.Select(c => View(c.Key, c.Value, states.For(c.Key)))));
        connections.MapPost("/{name}/test", async Task<IResult> (string name, ConnectorOptions options, OperationCatalog catalog, OperationInvoker invoker, CancellationToken ct) =>
        {
            if (!options.Connections.TryGetValue(name, out var connection))
            {
                return TypedResults.Problem($"There is no connection named '{name}'.", statusCode: 404);
            }

            // A cheap read that needs working credentials.
            var (operation, input) = connection.Kind switch
            {
                ConnectionKind.Zendesk => ("zendesk.ticket.search", new JsonObject { ["query"] = "type:ticket", ["limit"] = 1 }),
                ConnectionKind.Salesforce => ("salesforce.query", new JsonObject { ["soql"] = "SELECT Id FROM Account LIMIT 1" }),
                _ => ("sap.businessPartner.query", new JsonObject { ["top"] = 1 }),
            };
            try
            {
                await invoker.InvokeAsync(catalog.Find(operation)!, new OperationCall(name, input, null), ct);
                return TypedResults.Ok(new ConnectionTest(name, true, 200, $"{connection.Kind} answered."));
            }
            catch (ConnectorException e)
            {
                return TypedResults.Ok(new ConnectionTest(name, false, e.Status, e.Message));
            }
        });
    }

    private static ConnectionView View(string name, ConnectionOptions c, ConnectionState state) =>
        new(name, c.Kind, c.BaseUrl, [.. c.SecretsPresent()], c.MaxConcurrency, c.Timeout.TotalSeconds, c.MaxRetries,
            state.SalesforceUsage is { } usage ? $"{usage.Used}/{usage.Limit}" : null);
}
