using Integration.Hosting.ApplicationModel;

namespace Integration.Hosting.Testing;

/// <summary>
/// A small model of real resources for a component test (e.g. Redis and the Sandbox for the connector
/// service's tests): free ports, a temporary state directory, logs not streamed; started and healthy on return,
/// stopped and deleted on dispose.
/// </summary>
public sealed class TestResources : IAsyncDisposable
{
    private readonly DistributedApplication _app;

    private TestResources(DistributedApplication app, string stateDirectory)
    {
        _app = app;
        StateDirectory = stateDirectory;
    }

    public DistributedApplication App => _app;

    public string StateDirectory { get; }

    public static async Task<TestResources> StartAsync(Action<IDistributedApplicationBuilder> model, CancellationToken cancellationToken = default)
    {
        var stateDirectory = Directory.CreateTempSubdirectory("resources-test-").FullName;
        var builder = new DistributedApplicationBuilder([], new Dictionary<string, string?>
        {
            ["Hosting:RandomizePorts"] = "true",
            ["Hosting:StateDirectory"] = stateDirectory,
            ["Hosting:StreamLogsToConsole"] = "false",
            ["Logging:LogLevel:Integration.Hosting"] = "Warning",
        });
        model(builder);
        var app = builder.BuildCore();
        app.OnDisposed(() => Directory.Delete(stateDirectory, recursive: true));
        await app.StartAsync(cancellationToken);
        await app.ResourceNotifications.WaitForAllHealthyAsync(cancellationToken);
        return new TestResources(app, stateDirectory);
    }

    public string Url(string resource, string endpoint = "http") => _app.Resources.Single(r => r.Name == resource).GetEndpoint(endpoint).Url;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
