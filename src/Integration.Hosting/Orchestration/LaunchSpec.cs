using Integration.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Integration.Hosting.Orchestration;

/// <summary>What to run for one replica of a resource: program, arguments, folder and environment.</summary>
internal sealed record LaunchSpec(string FileName, IReadOnlyList<string> Args, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Set for every project, in run mode and in the manifest, as Aspire does.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> ProjectDefaults =
    [
        new("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES", "true"),
        new("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES", "true"),
        new("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory"),
        new("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true"),
    ];

    /// <summary>Lets services stop themselves if the app host dies without cleaning up (see ServiceDefaults).</summary>
    public const string AppHostPidVariable = "INTEGRATION_APPHOST_PID";

    public static LaunchSpec For(IResource resource, int replica, Func<EndpointAnnotation, int, int> portOf,
        string stateDirectory, IHostEnvironment hostEnvironment, IConfiguration configuration)
    {
        var environment = new Dictionary<string, string>();
        if (resource is ProjectResource)
        {
            foreach (var (key, value) in ProjectDefaults)
            {
                environment[key] = value;
            }

            environment["DOTNET_ENVIRONMENT"] = environment["ASPNETCORE_ENVIRONMENT"] = hostEnvironment.EnvironmentName;
            environment["ASPNETCORE_URLS"] = string.Join(';', resource.Endpoints()
                .Where(e => e.Scheme is "http" or "https")
                .Select(e => $"{e.Scheme}://{PortAllocator.Host}:{portOf(e, replica)}"));
            environment["OTEL_SERVICE_NAME"] = resource.Name;
            environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={resource.Name}-{replica}";
            // One line per log entry reads well behind the [name] prefix.
            environment["Logging__Console__FormatterName"] = "simple";
            environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
            environment[AppHostPidVariable] = System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } otlp)
            {
                environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
            }
        }

        foreach (var endpoint in resource.Endpoints().Where(e => e.PortEnvironmentVariable is not null))
        {
            environment[endpoint.PortEnvironmentVariable!] = portOf(endpoint, replica).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var annotation in resource.AnnotationsOf<EnvironmentAnnotation>())
        {
            environment[annotation.Name] = annotation.Value.GetValue();
        }

        var args = resource.AnnotationsOf<ArgsAnnotation>().SelectMany(a => a.Args).ToList();
        return resource switch
        {
            RedisResource redis => ForRedis(redis, portOf, stateDirectory, environment),
            ProjectResource { TargetPath: { } targetPath } project =>
                new(DotnetHost(), [targetPath, .. args], Path.GetDirectoryName(project.ProjectPath)!, environment),
            ProjectResource project =>
                new(DotnetHost(), ["run", "--project", project.ProjectPath, "--no-launch-profile", "--", .. args], Path.GetDirectoryName(project.ProjectPath)!, environment),
            ExecutableResource executable => new(Preflight.FindOnPath(executable.Command)!, args, executable.WorkingDirectory, environment),
            _ => throw new DistributedApplicationException($"Resource '{resource.Name}' of type {resource.GetType().Name} cannot be started."),
        };
    }

    public static string RedisDataDirectory(string stateDirectory, RedisResource redis) => Path.Combine(stateDirectory, redis.Name, "data");

    public static string RedisPidFile(string stateDirectory, RedisResource redis) => Path.Combine(stateDirectory, redis.Name, "redis.pid");

    private static LaunchSpec ForRedis(RedisResource redis, Func<EndpointAnnotation, int, int> portOf, string stateDirectory, Dictionary<string, string> environment)
    {
        var dataDirectory = RedisDataDirectory(stateDirectory, redis);
        Directory.CreateDirectory(dataDirectory);
        var port = portOf(redis.PrimaryEndpoint.Endpoint, 0);
        string[] args =
        [
            "--bind", "127.0.0.1",
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--dir", dataDirectory,
            // AOF is the durability guarantee: every write is in the log, fsynced each second.
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--protected-mode", "yes",
            "--daemonize", "no",
            "--pidfile", RedisPidFile(stateDirectory, redis),
        ];
        return new("redis-server", args, dataDirectory, environment);
    }

    private static string DotnetHost() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Path.GetFileNameWithoutExtension(System.Environment.ProcessPath) == "dotnet" ? System.Environment.ProcessPath! : "dotnet";
}
