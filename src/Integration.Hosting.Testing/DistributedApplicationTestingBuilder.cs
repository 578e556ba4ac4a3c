using System.Reflection;
using Integration.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Integration.Hosting.Testing;

/// <summary>
/// Starts an app host's whole model from a test, as Aspire.Hosting.Testing does: the app host's Main runs
/// up to Build(), the test gets the builder (free ports, an isolated state directory and Redis, logs kept
/// in memory), may adjust it, and builds and starts it.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(CancellationToken cancellationToken = default)
        where TEntryPoint : IProjectMetadata, new() =>
        CreateAsync<TEntryPoint>([], cancellationToken);

    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(string[] args, CancellationToken cancellationToken = default)
        where TEntryPoint : IProjectMetadata, new()
    {
        var metadata = new TEntryPoint();
        var entryPoint = LoadAssembly(metadata).EntryPoint
            ?? throw new InvalidOperationException($"'{metadata.ProjectPath}' has no entry point; is it an app host?");

        var stateDirectory = Directory.CreateTempSubdirectory("apphost-test-").FullName;
        var capture = new TestingCapture(new Dictionary<string, string?>
        {
            ["Hosting:RandomizePorts"] = "true",
            ["Hosting:StateDirectory"] = stateDirectory,
            ["Hosting:StreamLogsToConsole"] = "false",
            ["Logging:LogLevel:Integration.Hosting"] = "Warning",
        })
        {
            ContentRoot = Path.GetDirectoryName(metadata.ProjectPath),
        };

        using (TestingCapture.Enter(capture))
        {
            try
            {
                var result = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [args]);
                if (result is Task task)
                {
                    await task.WaitAsync(cancellationToken);
                }
            }
            catch (TargetInvocationException ex) when (ex.InnerException is TestingCapture.BuilderCapturedException)
            {
            }
            catch (TestingCapture.BuilderCapturedException)
            {
            }
        }

        var builder = capture.Builder
            ?? throw new InvalidOperationException($"The app host '{metadata.ProjectPath}' returned without calling Build().");
        return new TestingBuilder(builder, stateDirectory);
    }

    private static Assembly LoadAssembly(IProjectMetadata metadata)
    {
        var targetPath = metadata.TargetPath
            ?? throw new InvalidOperationException($"The app host '{metadata.ProjectPath}' has no known assembly path; reference it with IsAspireProjectResource=\"true\".");
        try
        {
            return Assembly.Load(AssemblyName.GetAssemblyName(targetPath));
        }
        catch (FileNotFoundException)
        {
            return Assembly.LoadFrom(targetPath);
        }
    }

    private sealed class TestingBuilder(DistributedApplicationBuilder inner, string stateDirectory) : IDistributedApplicationTestingBuilder
    {
        public ConfigurationManager Configuration => inner.Configuration;
        public IReadOnlyList<IResource> Resources => inner.Resources;
        public DistributedApplicationExecutionContext ExecutionContext => inner.ExecutionContext;
        public string StateDirectory => stateDirectory;

        public Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default)
        {
            var app = inner.BuildCore();
            app.OnDisposed(() => Directory.Delete(stateDirectory, recursive: true));
            return Task.FromResult(app);
        }
    }
}

public interface IDistributedApplicationTestingBuilder
{
    ConfigurationManager Configuration { get; }
    IReadOnlyList<IResource> Resources { get; }
    DistributedApplicationExecutionContext ExecutionContext { get; }

    /// <summary>Where this test's Redis data and generated parameters live; deleted when the app is disposed.</summary>
    string StateDirectory { get; }

    Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default);
}
