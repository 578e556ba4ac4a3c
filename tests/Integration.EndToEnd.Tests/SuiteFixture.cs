using System.Net.Http.Headers;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Integration.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

[assembly: AssemblyFixture(typeof(Integration.EndToEnd.Tests.SuiteFixture))]

namespace Integration.EndToEnd.Tests;

/// <summary>
/// The AppHost's whole graph, once for this test assembly, through Aspire.Hosting.Testing: DCP runs every resource on
/// free ports, with a Redis of its own (data in a temporary folder) and two workflow silos in one Orleans cluster.
/// </summary>
public sealed class SuiteFixture : IAsyncLifetime
{
    private DistributedApplication? _app;
    private readonly string _redisData = Directory.CreateTempSubdirectory("e2e-redis-").FullName;

    /// <summary>The test gives the suite its signing key, so that it can make tokens for any user and role.</summary>
    private readonly string _signingKey = RandomNumberGenerator.GetHexString(64);

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The suite has not started.");

    public static IReadOnlyList<string> Services { get; } = ["workflows", "inference", "governance", "connectors", "sandbox", "portal"];

    public const int WorkflowSilos = 2;

    public async ValueTask InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Integration_AppHost>(
        [
            "--Ollama:Disabled=true",
            $"--Redis:DataDirectory={_redisData}",
            $"--Workflows:Replicas={WorkflowSilos}",
            $"--Parameters:jwt-signing-key={_signingKey}",
        ], TestContext.Current.CancellationToken);
        // Resources failing their health checks while they start is expected; what a test needs to see is its own output,
        // and of the services' own logs their warnings and errors.
        builder.Services.AddLogging(logging => logging
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("Integration.AppHost.Resources", LogLevel.Warning)
            .AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning));
        _app = await builder.BuildAsync();
        await _app.StartAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        foreach (var resource in Services.Prepend("redis"))
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, deadline.Token);
        }
    }

    /// <summary>An HttpClient for a service whose requests carry a bearer token for <paramref name="user"/> with <paramref name="roles"/>.</summary>
    public HttpClient CreateHttpClient(string service, string user, params string[] roles)
    {
        var client = App.CreateHttpClient(service);
        var token = TokenIssuer.Issue(new AuthOptions { SigningKey = _signingKey }, user, roles, TimeSpan.FromHours(1), TimeProvider.System);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_redisData, recursive: true);
    }
}
