using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Integration.ServiceDefaults.SystemInfo;

public static class ServiceIdentity
{
    /// <summary>The service's name as the app host gave it (OTEL_SERVICE_NAME), else its assembly name.</summary>
    public static string Name(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : environment.ApplicationName;
}
