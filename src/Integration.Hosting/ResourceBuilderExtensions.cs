using Integration.Hosting.ApplicationModel;

namespace Integration.Hosting;

/// <summary>The Aspire-shaped builder API: Add* creates resources, With*/WaitFor connect and configure them.</summary>
public static class ResourceBuilderExtensions
{
    public static IResourceBuilder<RedisResource> AddRedis(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var redis = new RedisResource(name);
        redis.Annotations.Add(new EndpointAnnotation(RedisResource.PrimaryEndpointName, "tcp", "tcp", port, RedisResource.DefaultContainerPort));
        return builder.AddResource(redis);
    }

    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var metadata = new TProject();
        return builder.AddProjectCore(new ProjectResource(name, metadata.ProjectPath, metadata.TargetPath));
    }

    /// <summary>A project by path (relative to the app host's working directory); it is started with <c>dotnet run</c>.</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, string projectPath) =>
        builder.AddProjectCore(new ProjectResource(name, Path.GetFullPath(projectPath), targetPath: null));

    private static IResourceBuilder<ProjectResource> AddProjectCore(this IDistributedApplicationBuilder builder, ProjectResource project)
    {
        project.Annotations.Add(new EndpointAnnotation("http", "http", "http", port: null, targetPort: null) { IsImplicit = true });
        return builder.AddResource(project);
    }

    public static IResourceBuilder<ExecutableResource> AddExecutable(
        this IDistributedApplicationBuilder builder, string name, string command, string workingDirectory, params string[] args)
    {
        var executable = new ExecutableResource(name, command, Path.GetFullPath(workingDirectory));
        if (args.Length > 0)
        {
            executable.Annotations.Add(new ArgsAnnotation(args));
        }

        return builder.AddResource(executable);
    }

    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, secret, generate: null));

    /// <summary>A parameter that, when configuration gives no value, is generated once and kept in the state directory.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(
        this IDistributedApplicationBuilder builder, string name, GenerateParameterDefault generate, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, secret, generate));

    public static IResourceBuilder<ConnectionStringResource> AddConnectionString(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new ConnectionStringResource(name));

    /// <summary>Injects <c>ConnectionStrings__NAME</c>.</summary>
    public static IResourceBuilder<T> WithReference<T>(
        this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source, string? connectionName = null)
        where T : IResourceWithEnvironment
    {
        builder.Resource.Annotations.Add(new ReferenceAnnotation(source.Resource));
        return builder.WithEnvironment($"ConnectionStrings__{connectionName ?? source.Resource.Name}", new ConnectionStringReference(source.Resource));
    }

    /// <summary>Injects <c>services__NAME__SCHEME__0</c> for each HTTP endpoint, which service discovery resolves for <c>http://NAME</c>.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithServiceDiscovery> source)
        where T : IResourceWithEnvironment
    {
        builder.Resource.Annotations.Add(new ReferenceAnnotation(source.Resource));
        foreach (var endpoint in source.Resource.Endpoints().Where(e => e.Scheme is "http" or "https"))
        {
            builder.WithEnvironment($"services__{source.Resource.Name}__{endpoint.Name}__0", new EndpointReference(source.Resource, endpoint));
        }

        return builder;
    }

    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithEnvironment
    {
        builder.Resource.Annotations.Add(new WaitAnnotation(dependency.Resource));
        return builder;
    }

    /// <param name="env">Environment variable that receives the port to listen on (for executables that read one).</param>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(
        this IResourceBuilder<T> builder, int? port = null, int? targetPort = null, string name = "http", string? env = null)
        where T : IResourceWithEndpoints
    {
        builder.Resource.Annotations.RemoveAll(a => a is EndpointAnnotation { IsImplicit: true } e && e.Name == name);
        builder.Resource.Annotations.Add(new EndpointAnnotation(name, "http", "http", port, targetPort) { PortEnvironmentVariable = env });
        return builder;
    }

    /// <summary>A non-HTTP endpoint (e.g. an Orleans silo port): allocated and passed in <paramref name="env"/>, never put in ASPNETCORE_URLS.</summary>
    public static IResourceBuilder<T> WithEndpoint<T>(this IResourceBuilder<T> builder, string name, int? port = null, string scheme = "tcp", string? env = null)
        where T : IResourceWithEndpoints
    {
        builder.Resource.Annotations.Add(new EndpointAnnotation(name, scheme, "tcp", port, port) { PortEnvironmentVariable = env });
        return builder;
    }

    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder) where T : IResourceWithEndpoints
    {
        foreach (var endpoint in builder.Resource.Endpoints().Where(e => e.Scheme is "http" or "https"))
        {
            endpoint.IsExternal = true;
        }

        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(name, new LiteralValue(value));

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : IResourceWithEnvironment
    {
        builder.Resource.Annotations.Add(new ReferenceAnnotation(parameter.Resource));
        return builder.WithEnvironment(name, parameter.Resource);
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IValueWithExpression value)
        where T : IResourceWithEnvironment
    {
        builder.Resource.Annotations.RemoveAll(a => a is EnvironmentAnnotation e && e.Name == name);
        builder.Resource.Annotations.Add(new EnvironmentAnnotation(name, value));
        return builder;
    }

    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params string[] args) where T : IResource
    {
        builder.Resource.Annotations.Add(new ArgsAnnotation(args));
        return builder;
    }

    /// <summary>Runs <paramref name="replicas"/> copies; one endpoint in front spreads connections over them.</summary>
    public static IResourceBuilder<T> WithReplicas<T>(this IResourceBuilder<T> builder, int replicas) where T : IResourceWithServiceDiscovery
    {
        builder.Resource.Annotations.RemoveAll(a => a is ReplicaAnnotation);
        builder.Resource.Annotations.Add(new ReplicaAnnotation(replicas));
        return builder;
    }

    /// <summary>The resource counts as healthy when GET <paramref name="path"/> answers 2xx.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health", string endpointName = "http")
        where T : IResourceWithEndpoints
    {
        builder.Resource.Annotations.RemoveAll(a => a is HealthProbeAnnotation);
        builder.Resource.Annotations.Add(new HealthProbeAnnotation(endpointName, path));
        return builder;
    }

    public static EndpointReference GetEndpoint<T>(this IResourceBuilder<T> builder, string name) where T : IResourceWithEndpoints =>
        builder.Resource.GetEndpoint(name);
}
