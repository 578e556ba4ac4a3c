using Integration.Connectors;
using Integration.Connectors.Catalog;
using Integration.Connectors.Connections;
using Integration.Connectors.Outbox;
using Integration.Connectors.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddConnectorServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapCatalogEndpoints();
app.MapConnectionEndpoints();
app.MapWebhookEndpoints();
app.MapEventEndpoints();
foreach (var (name, connection) in app.Services.GetRequiredService<ConnectorOptions>().Connections.Where(c => !c.Value.SecretsPresent().Any()))
{
    app.Logger.LogWarning("Connection {Connection} ({Kind}) has no secret configured; its calls will be refused", name, connection.Kind);
}

app.Run();
