using Integration.ServiceDefaults.SystemInfo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Integration.ServiceDefaults.Redis;

public sealed class RedisClientOptions
{
    public string? ConnectionString { get; set; }
}

public static class RedisClientExtensions
{
    /// <summary>
    /// One <see cref="IConnectionMultiplexer"/> for the process from ConnectionStrings:NAME, with a readiness
    /// check. A missing connection string stops the service at startup with a message saying which key to set.
    /// </summary>
    public static void AddRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.Services.AddOptions<RedisClientOptions>()
            .Configure(o => o.ConnectionString = builder.Configuration.GetConnectionString(connectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString),
                $"ConnectionStrings:{connectionName} is not set. Run the service through the AppHost, or set ConnectionStrings__{connectionName}=host:port.")
            .ValidateOnStart();

        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = ConfigurationOptions.Parse(sp.GetRequiredService<IOptions<RedisClientOptions>>().Value.ConnectionString!);
            // Start even when Redis is briefly away: the health check reports it and the client reconnects.
            options.AbortOnConnectFail = false;
            options.ClientName = ServiceIdentity.Name(builder.Configuration, builder.Environment);
            var multiplexer = ConnectionMultiplexer.Connect(options);
            sp.GetRequiredService<RedisTracingRegistration>().Attach(multiplexer);
            return multiplexer;
        });
        builder.Services.AddSingleton<RedisTracingRegistration>();

        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName);
    }
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer PING.");
        }
    }
}

/// <summary>Owns the tracing hook so that it is disposed with the container.</summary>
internal sealed class RedisTracingRegistration : IDisposable
{
    private RedisCommandTracing? _tracing;

    public void Attach(IConnectionMultiplexer redis) => _tracing = new RedisCommandTracing(redis);

    public void Dispose() => _tracing?.Dispose();
}
