using Integration.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Integration.Hosting;

public interface IDistributedApplicationBuilder
{
    ConfigurationManager Configuration { get; }
    IHostEnvironment Environment { get; }
    IServiceCollection Services { get; }
    DistributedApplicationExecutionContext ExecutionContext { get; }
    IReadOnlyList<IResource> Resources { get; }

    IResourceBuilder<T> AddResource<T>(T resource) where T : IResource;

    /// <summary>Builds the application; throws <see cref="DistributedApplicationException"/> naming every model error.</summary>
    DistributedApplication Build();
}

public interface IResourceBuilder<out T> where T : IResource
{
    T Resource { get; }
    IDistributedApplicationBuilder ApplicationBuilder { get; }
}

internal sealed record ResourceBuilder<T>(T Resource, IDistributedApplicationBuilder ApplicationBuilder) : IResourceBuilder<T>
    where T : IResource;

public enum DistributedApplicationOperation { Run, Publish }

public sealed class DistributedApplicationExecutionContext(DistributedApplicationOperation operation)
{
    public DistributedApplicationOperation Operation { get; } = operation;
    public bool IsRunMode => Operation == DistributedApplicationOperation.Run;
    public bool IsPublishMode => Operation == DistributedApplicationOperation.Publish;
}
