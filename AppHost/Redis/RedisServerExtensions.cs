using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.AppHost.Redis;

internal static class RedisServerExtensions
{
    /// <summary>
    /// The suite's one store. Run mode: Debian's redis-server on 127.0.0.1 with AOF on, its data in
    /// <c>Redis:DataDirectory</c> (default <c>AppHost/.state/redis</c>), health-checked with PING. Publish mode:
    /// Aspire's Redis container with a data volume, so that a deployment gets a real Redis.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddSuiteRedis(this IDistributedApplicationBuilder builder, string name, int port)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            // A named volume (the default name hashes this machine's path to the app host), and AOF as in run mode.
            return builder.AddRedis(name).WithDataVolume($"integration-{name}-data").WithArgs(context =>
            {
                for (var i = 0; i < context.Args.Count; i++)
                {
                    if (context.Args[i] is string command && command.StartsWith("redis-server ", StringComparison.Ordinal))
                    {
                        context.Args[i] = command + " --appendonly yes --appendfsync everysec";
                    }
                }
            });
        }

        var dataDirectory = Path.GetFullPath(builder.Configuration["Redis:DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, ".state", name));
        builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            Directory.CreateDirectory(dataDirectory);
            return Task.CompletedTask;
        });

        // Not behind DCP's proxy: every service talks to Redis on every step, and a proxy hop would cost them all.
        // A non-proxied endpoint needs its port fixed up front, so a run with randomized ports takes a free one here.
        var redisPort = builder.Configuration.GetValue("DcpPublisher:RandomizePorts", false) ? FreePort() : port;
        var redis = builder.AddResource(new RedisServerResource(name, dataDirectory))
            .WithEndpoint(port: redisPort, targetPort: redisPort, name: RedisServerResource.PrimaryEndpointName, scheme: "tcp", isProxied: false)
            .WithArgs("--bind", "127.0.0.1", "--port", redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--dir", dataDirectory, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--protected-mode", "yes")
            // Aspire's Orleans integration names the provider after the resource's class; this one is plain Redis.
            .WithOrleansProviderType("Redis");

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis.Resource, async (_, cancellationToken) =>
            connectionString = await redis.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken));
        var check = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException($"The connection string of '{name}' is not known yet."), name: check);
        return redis.WithHealthCheck(check);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
