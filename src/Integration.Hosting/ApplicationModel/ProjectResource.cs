namespace Integration.Hosting.ApplicationModel;

/// <summary>Generated per project reference of the app host (class <c>Projects.Name_With_Underscores</c>).</summary>
public interface IProjectMetadata
{
    /// <summary>Full path of the .csproj file.</summary>
    string ProjectPath { get; }

    /// <summary>Full path of the built assembly, when known at build time; null runs <c>dotnet run</c> instead.</summary>
    string? TargetPath => null;
}

/// <summary>A .NET project run as its own process.</summary>
public sealed class ProjectResource(string name, string projectPath, string? targetPath)
    : Resource(name), IResourceWithServiceDiscovery, IResourceWithEnvironment
{
    public string ProjectPath { get; } = projectPath;
    public string? TargetPath { get; } = targetPath;
}

/// <summary>Any program started from the PATH or a path, with arguments.</summary>
public sealed class ExecutableResource(string name, string command, string workingDirectory)
    : Resource(name), IResourceWithServiceDiscovery, IResourceWithEnvironment
{
    public string Command { get; } = command;
    public string WorkingDirectory { get; } = workingDirectory;
}

/// <summary>
/// Redis. Locally this is Debian's redis-server bound to 127.0.0.1 with AOF on; the manifest
/// describes it as the <c>redis:7</c> container image for deployment tooling.
/// </summary>
public sealed class RedisResource(string name) : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints
{
    public const string PrimaryEndpointName = "tcp";
    public const string ContainerImage = "redis";
    public const string ContainerTag = "7";
    public const int DefaultContainerPort = 6379;

    public EndpointReference PrimaryEndpoint => this.GetEndpoint(PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression => new(
        "{0}:{1}", PrimaryEndpoint.Property(EndpointProperty.Host), PrimaryEndpoint.Property(EndpointProperty.Port));
}

/// <summary>How a parameter's value is generated when configuration does not supply one.</summary>
public sealed record GenerateParameterDefault(int MinLength = 32);

/// <summary>
/// A value supplied from configuration (<c>Parameters:NAME</c>), optionally generated and kept in the
/// app host's state directory so that it stays the same across local runs.
/// </summary>
public sealed class ParameterResource(string name, bool secret, GenerateParameterDefault? generate)
    : Resource(name), IValueWithExpression
{
    internal string? ResolvedValue { get; set; }

    public bool Secret { get; } = secret;
    public GenerateParameterDefault? Generate { get; } = generate;

    public string ValueExpression => $"{{{Name}.value}}";

    public string GetValue() => ResolvedValue ?? throw new DistributedApplicationException(
        $"Parameter '{Name}' has no value. Set configuration key 'Parameters:{Name}' (environment variable Parameters__{Name}).");
}

/// <summary>A connection string supplied from configuration (<c>ConnectionStrings:NAME</c>), e.g. to an external system.</summary>
public sealed class ConnectionStringResource(string name) : Resource(name), IResourceWithConnectionString
{
    internal string? ResolvedValue { get; set; }

    public ReferenceExpression ConnectionStringExpression => new("{0}", new ConnectionStringValue(this));

    private sealed record ConnectionStringValue(ConnectionStringResource Owner) : IValueWithExpression
    {
        public string ValueExpression => $"{{{Owner.Name}.value}}";
        public string GetValue() => Owner.ResolvedValue ?? throw new DistributedApplicationException(
            $"Connection string '{Owner.Name}' has no value. Set configuration key 'ConnectionStrings:{Owner.Name}'.");
    }
}
