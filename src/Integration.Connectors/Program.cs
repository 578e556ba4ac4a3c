using Integration.Connectors.Catalog;
using Integration.Connectors.Connections;
using Integration.Connectors.Idempotency;
using Integration.Connectors.Webhooks;
using Integration.ServiceDefaults.Auth;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<ConnectorOptions>()
    .Bind(builder.Configuration.GetSection(ConnectorOptions.SectionName))
    .ValidateDataAnnotations()
    .ValidateOnStart();
var connectorOptions = builder.Configuration.GetSection(ConnectorOptions.SectionName).Get<ConnectorOptions>() ?? new ConnectorOptions();
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<ConnectorOptions>>().Value);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ConnectionStates>();
builder.Services.AddSingleton<ConnectionApis>();
builder.Services.AddSingleton<IdempotencyStore>();
builder.Services.AddSingleton<OperationCatalog>();
builder.Services.AddSingleton<OperationInvoker>();
builder.Services.AddConnectionClients(connectorOptions);
builder.Services.AddSingleton<EventOutbox>();
builder.Services.AddHostedService<EventForwarder>();
builder.Services.AddHostedService<ChangePoller>();
#pragma warning disable EXTEXP0001 // the suite's default handler allows 10 s an attempt; a delivery gets its own, shorter, limit
// The workflow service (Connectors:EventsTarget, its base address) takes the trigger events.
builder.Services.AddHttpClient<WorkflowTriggerClient>(client =>
    {
        if (Uri.TryCreate(connectorOptions.EventsTarget, UriKind.Absolute, out var target))
        {
            client.BaseAddress = target;
        }
    })
    .AddServiceAuthentication()
    .RemoveAllResilienceHandlers()
    .AddStandardResilienceHandler(o =>
    {
        // Never repeated blindly (a failed delivery stays in the outbox and is tried again by the forwarder).
        o.Retry.DisableForUnsafeHttpMethods();
        o.AttemptTimeout.Timeout = connectorOptions.EventsDeliveryTimeout;
        o.TotalRequestTimeout.Timeout = connectorOptions.EventsDeliveryTimeout * 3;
    });
#pragma warning restore EXTEXP0001

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapCatalogEndpoints();
app.MapConnectionEndpoints();
app.MapWebhookEndpoints();
foreach (var (name, connection) in connectorOptions.Connections.Where(c => !c.Value.SecretsPresent().Any()))
{
    app.Logger.LogWarning("Connection {Connection} ({Kind}) has no secret configured; its calls will be refused", name, connection.Kind);
}

app.Run();
