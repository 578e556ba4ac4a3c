namespace Integration.Hosting.ApplicationModel;

/// <summary>A named part of the distributed application: a process, a server, a parameter.</summary>
public interface IResource
{
    string Name { get; }
    List<IResourceAnnotation> Annotations { get; }
}

/// <summary>Marker for the facts attached to a resource (endpoints, environment, references, waits).</summary>
public interface IResourceAnnotation;

public abstract class Resource(string name) : IResource
{
    public string Name { get; } = name;
    public List<IResourceAnnotation> Annotations { get; } = [];
    public override string ToString() => Name;
}

/// <summary>A resource others can reach through a connection string (ConnectionStrings__NAME).</summary>
public interface IResourceWithConnectionString : IResource
{
    ReferenceExpression ConnectionStringExpression { get; }
}

/// <summary>A resource with network endpoints that other resources may discover (services__NAME__SCHEME__0).</summary>
public interface IResourceWithEndpoints : IResource;

/// <summary>A resource whose HTTP endpoints are handed to referencing resources for service discovery.</summary>
public interface IResourceWithServiceDiscovery : IResourceWithEndpoints;

/// <summary>A resource that runs as a process and therefore takes environment variables and waits.</summary>
public interface IResourceWithEnvironment : IResource;

public static class ResourceExtensions
{
    public static IEnumerable<T> AnnotationsOf<T>(this IResource resource) where T : IResourceAnnotation =>
        resource.Annotations.OfType<T>();

    public static IEnumerable<EndpointAnnotation> Endpoints(this IResource resource) =>
        resource.AnnotationsOf<EndpointAnnotation>();

    public static int Replicas(this IResource resource) =>
        resource.AnnotationsOf<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;

    public static IEnumerable<IResource> WaitsFor(this IResource resource) =>
        resource.AnnotationsOf<WaitAnnotation>().Select(w => w.Resource);

    public static EndpointReference GetEndpoint(this IResource resource, string name) =>
        new(resource, resource.Endpoints().SingleOrDefault(e => e.Name == name)
            ?? throw new DistributedApplicationException($"Resource '{resource.Name}' has no endpoint named '{name}'."));
}
