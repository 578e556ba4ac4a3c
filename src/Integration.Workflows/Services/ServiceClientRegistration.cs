using Integration.ServiceDefaults.Auth;
using Microsoft.Extensions.Http.Resilience;

namespace Integration.Workflows.Services;

public static class ServiceClientRegistration
{
    /// <summary>
    /// The typed clients of the services a step calls, each under its service's name (Aspire's service discovery finds
    /// it) and with this service's own token. They live as long as the singletons that hold them, so their connections
    /// are renewed every few minutes instead of with the handler.
    /// </summary>
    public static IServiceCollection AddServiceClients(this IServiceCollection services)
    {
        services.AddHttpClient<GovernanceClient>(client => client.BaseAddress = new Uri("http://governance"))
            .AddServiceAuthentication()
            .LongLived();
#pragma warning disable EXTEXP0001
        // A connector call waits for the SaaS (its rate limits, Retry-After, a repeat of a call still running): the connector
        // service applies its own per-attempt timeouts and retries, so the workflow gives it two minutes and no second layer.
        services.AddHttpClient<ConnectorClient>(client =>
            {
                client.BaseAddress = new Uri("http://connectors");
                client.Timeout = TimeSpan.FromMinutes(2);
            })
            .RemoveAllResilienceHandlers()
            .AddServiceAuthentication()
            .LongLived();

        // A generation on a real LLM can take minutes: the gateway's per-backend timeouts and fallbacks govern model calls.
        services.AddTransient<ServedModelHandler>();
        services.AddHttpClient<InferenceClient>(client =>
            {
                client.BaseAddress = new Uri("http://inference");
                client.Timeout = TimeSpan.FromMinutes(5);
            })
            .RemoveAllResilienceHandlers()
            .AddServiceAuthentication()
            .AddHttpMessageHandler<ServedModelHandler>()
            .LongLived();
#pragma warning restore EXTEXP0001
        return services;
    }

    private static IHttpClientBuilder LongLived(this IHttpClientBuilder builder) =>
        builder.UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2)).SetHandlerLifetime(Timeout.InfiniteTimeSpan);
}
