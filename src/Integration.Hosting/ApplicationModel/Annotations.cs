namespace Integration.Hosting.ApplicationModel;

/// <summary>An environment variable handed to the resource's process (and written to the manifest).</summary>
public sealed record EnvironmentAnnotation(string Name, IValueWithExpression Value) : IResourceAnnotation;

/// <summary>Command-line arguments for an executable or container.</summary>
public sealed record ArgsAnnotation(IReadOnlyList<string> Args) : IResourceAnnotation;

/// <summary>This resource references <paramref name="Resource"/> (connection string or service discovery).</summary>
public sealed record ReferenceAnnotation(IResource Resource) : IResourceAnnotation;

/// <summary>This resource starts only once <paramref name="Resource"/> reports healthy.</summary>
public sealed record WaitAnnotation(IResource Resource) : IResourceAnnotation;

/// <summary>Run this many copies behind one endpoint.</summary>
public sealed record ReplicaAnnotation(int Replicas) : IResourceAnnotation;

/// <summary>HTTP path probed to decide whether the resource is healthy.</summary>
public sealed record HealthProbeAnnotation(string EndpointName, string Path) : IResourceAnnotation;

/// <summary>A network endpoint. <see cref="Port"/> is the fixed host port (null: any free port).</summary>
public sealed class EndpointAnnotation(string name, string scheme, string transport, int? port, int? targetPort)
    : IResourceAnnotation
{
    public string Name { get; } = name;
    public string Scheme { get; } = scheme;
    public string Transport { get; } = transport;
    public int? Port { get; set; } = port;
    public int? TargetPort { get; set; } = targetPort;
    public bool IsExternal { get; set; }

    /// <summary>An environment variable that tells the process which port to listen on (executables).</summary>
    public string? PortEnvironmentVariable { get; init; }

    /// <summary>Added by AddProject so the service is reachable; an explicit WithHttpEndpoint replaces it.</summary>
    internal bool IsImplicit { get; init; }

    /// <summary>Set by the orchestrator in run mode once a port is chosen.</summary>
    public AllocatedEndpoint? Allocated { get; internal set; }
}

public sealed record AllocatedEndpoint(string Host, int Port, string Scheme)
{
    public string Url => $"{Scheme}://{Host}:{Port}";
}
