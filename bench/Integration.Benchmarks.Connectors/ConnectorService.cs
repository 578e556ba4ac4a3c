using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Integration.Benchmarks.Connectors;

/// <summary>The connector service on a real Kestrel port of 127.0.0.1, quiet.</summary>
internal sealed class ConnectorService(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Integration.Connectors.Catalog.OperationCatalog> // names the service's assembly
{
    public static ConnectorService Start(IReadOnlyDictionary<string, string?> settings)
    {
        var service = new ConnectorService(settings);
        service.UseKestrel(0);
        service.StartServer();
        return service;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(AppContext.BaseDirectory);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Error));
    }
}
