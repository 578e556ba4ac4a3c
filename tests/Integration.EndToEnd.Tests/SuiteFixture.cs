using Integration.Hosting;
using Integration.Hosting.Testing;

[assembly: AssemblyFixture(typeof(Integration.EndToEnd.Tests.SuiteFixture))]

namespace Integration.EndToEnd.Tests;

/// <summary>The AppHost's whole graph, once for this test assembly: free ports, its own Redis, real processes.</summary>
public sealed class SuiteFixture : IAsyncLifetime
{
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The suite has not started.");

    public static IReadOnlyList<string> Services { get; } = ["workflows", "inference", "governance", "connectors", "sandbox", "portal"];

    public async ValueTask InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Integration_AppHost>(
            ["--Ollama:Disabled=true"], TestContext.Current.CancellationToken);
        _app = await builder.BuildAsync();
        await _app.StartAsync();
        await _app.ResourceNotifications.WaitForAllHealthyAsync().WaitAsync(TimeSpan.FromMinutes(3));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
