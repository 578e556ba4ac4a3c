using Integration.Hosting.ApplicationModel;

namespace Integration.Hosting.Testing;

/// <summary>
/// A real redis-server for one test class: a free port on 127.0.0.1, AOF in a temporary folder, stopped
/// and deleted on dispose. Started through the same hosting layer the app host uses.
/// </summary>
public sealed class TestRedis : IAsyncDisposable
{
    private readonly DistributedApplication _app;

    private TestRedis(DistributedApplication app, string connectionString, string stateDirectory)
    {
        _app = app;
        ConnectionString = connectionString;
        StateDirectory = stateDirectory;
    }

    public string ConnectionString { get; }

    public string StateDirectory { get; }

    public static async Task<TestRedis> StartAsync(CancellationToken cancellationToken = default)
    {
        var stateDirectory = Directory.CreateTempSubdirectory("redis-test-").FullName;
        var builder = new DistributedApplicationBuilder([], new Dictionary<string, string?>
        {
            ["Hosting:RandomizePorts"] = "true",
            ["Hosting:StateDirectory"] = stateDirectory,
            ["Hosting:StreamLogsToConsole"] = "false",
            ["Logging:LogLevel:Integration.Hosting"] = "Warning",
        });
        var redis = builder.AddRedis("redis");
        var app = builder.BuildCore();
        app.OnDisposed(() => Directory.Delete(stateDirectory, recursive: true));
        await app.StartAsync(cancellationToken);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("redis", cancellationToken);
        return new TestRedis(app, redis.Resource.ConnectionStringExpression.GetValue(), stateDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
