using Integration.Connectors.Catalog;
using Integration.Connectors.Connections;
using Integration.Connectors.Idempotency;
using Integration.Connectors.Outbox;
using Integration.Connectors.Polling;
using Integration.ServiceDefaults.Auth;
using Integration.ServiceDefaults.Configuration;
using Microsoft.Extensions.Http.Resilience;

namespace Integration.Connectors;

public static class ConnectorServices
{
    /// <summary>
    /// Everything the connector service is made of: its connections (one resilient client each), the catalog of
    /// operations and their idempotency, the outbox of trigger events with its delivery to the workflow service, and the
    /// change poller.
    /// </summary>
    public static IHostApplicationBuilder AddConnectorServices(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ConnectorOptions>(ConnectorOptions.SectionName);
        // The connections' HTTP clients are built from the options when the service starts.
        var options = builder.Configuration.GetSection(ConnectorOptions.SectionName).Get<ConnectorOptions>() ?? new ConnectorOptions();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConnectionStates>();
        builder.Services.AddSingleton<ConnectionApis>();
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddSingleton<OperationCatalog>();
        builder.Services.AddSingleton<OperationInvoker>();
        builder.Services.AddConnectionClients(options);
        builder.Services.AddSingleton<EventOutbox>();
        builder.Services.AddHostedService<EventForwarder>();
        builder.Services.AddHostedService<ChangePoller>();
#pragma warning disable EXTEXP0001 // the suite's default handler allows 10 s an attempt; a delivery gets its own, shorter, limit
        // The workflow service (Connectors:EventsTarget, its base address) takes the trigger events.
        builder.Services.AddHttpClient<WorkflowTriggerClient>(client =>
            {
                if (Uri.TryCreate(options.EventsTarget, UriKind.Absolute, out var target))
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
                o.AttemptTimeout.Timeout = options.EventsDeliveryTimeout;
                o.TotalRequestTimeout.Timeout = options.EventsDeliveryTimeout * 3;
            });
#pragma warning restore EXTEXP0001
        return builder;
    }
}
