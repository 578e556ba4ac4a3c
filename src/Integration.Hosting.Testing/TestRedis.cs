using Integration.Hosting.ApplicationModel;

namespace Integration.Hosting.Testing;

/// <summary>
/// A real redis-server for one test class: a free port on 127.0.0.1, AOF in a temporary folder, stopped
/// and deleted on dispose. Started through the same hosting layer the app host uses.
/// </summary>
public sealed class TestRedis : IAsyncDisposable
{
    private readonly TestResources _resources;

    private TestRedis(TestResources resources, string connectionString)
    {
        _resources = resources;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public string StateDirectory => _resources.StateDirectory;

    public static async Task<TestRedis> StartAsync(CancellationToken cancellationToken = default)
    {
        IResourceBuilder<RedisResource>? redis = null;
        var resources = await TestResources.StartAsync(builder => redis = builder.AddRedis("redis"), cancellationToken);
        return new TestRedis(resources, redis!.Resource.ConnectionStringExpression.GetValue());
    }

    public ValueTask DisposeAsync() => _resources.DisposeAsync();
}
