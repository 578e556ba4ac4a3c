using Integration.Hosting.ApplicationModel;
using Integration.Hosting.Testing;
using StackExchange.Redis;

namespace Integration.Hosting.Testing.Tests;

public sealed class TestingBuilderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_app_hosts_model_is_taken_with_free_ports_and_its_own_state_directory()
    {
        // An ollama binary on this machine's PATH would add a resource: the model under test is the one without.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Integration_AppHost>(["--Ollama:Disabled=true"], Cancel);

        Assert.Equal(
            ["connectors", "governance", "inference", "jwt-signing-key", "pii-hash-salt", "portal", "redis", "salesforce-client-secret", "sandbox",
             "sap-password", "workflows", "zendesk-api-token", "zendesk-webhook-secret"],
            builder.Resources.Select(r => r.Name).Order());
        Assert.Equal("true", builder.Configuration["Hosting:RandomizePorts"]);
        Assert.True(Directory.Exists(builder.StateDirectory));
        Assert.StartsWith(Path.GetTempPath(), builder.StateDirectory);
    }

    [Fact]
    public async Task An_ollama_endpoint_parameter_becomes_the_inference_services_ollama_backend()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Integration_AppHost>(
            ["--Parameters:ollama-endpoint=http://gpu-host.internal:11434"], Cancel);

        var inference = builder.Resources.Single(r => r.Name == "inference");
        var backend = inference.Annotations.OfType<EnvironmentAnnotation>().Single(e => e.Name == "Inference__Backends__ollama__Endpoint");
        Assert.Contains(builder.Resources, r => r.Name == "ollama-endpoint");
        Assert.Equal("{ollama-endpoint.value}", backend.Value.ValueExpression);
        Assert.DoesNotContain(builder.Resources, r => r.Name == "ollama");
    }

    [Fact]
    public async Task Disposing_the_app_deletes_its_state_directory()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Integration_AppHost>(Cancel);
        var app = await builder.BuildAsync(Cancel);

        await app.DisposeAsync();

        Assert.False(Directory.Exists(builder.StateDirectory));
    }

    [Fact]
    public async Task Test_redis_is_a_real_server_that_is_gone_after_dispose()
    {
        string directory;
        string connectionString;
        await using (var redis = await TestRedis.StartAsync(Cancel))
        {
            directory = redis.StateDirectory;
            connectionString = redis.ConnectionString;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
            Assert.True(await connection.GetDatabase().StringSetAsync("k", "v"));
        }

        Assert.False(Directory.Exists(directory));
        await Assert.ThrowsAsync<RedisConnectionException>(async () =>
        {
            await using var gone = await ConnectionMultiplexer.ConnectAsync(connectionString + ",connectTimeout=500,abortConnect=true");
        });
    }
}
