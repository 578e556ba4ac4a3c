using Integration.Hosting.ApplicationModel;
using StackExchange.Redis;

namespace Integration.Hosting.Tests;

public sealed class RedisAndParameterTests : IDisposable
{
    private readonly TestModel _model = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Redis_keeps_what_was_written_across_a_restart()
    {
        await RunRedisAsync(db => db.StringSetAsync("order:42", "shipped"));

        var value = await RunRedisAsync(db => db.StringGetAsync("order:42"));

        Assert.Equal("shipped", value.ToString());
        Assert.True(Directory.Exists(Path.Combine(_model.StateDirectory, "redis", "data", "appendonlydir")));
    }

    private async Task<T> RunRedisAsync<T>(Func<IDatabase, Task<T>> use)
    {
        var builder = _model.CreateBuilder();
        var redis = builder.AddRedis("redis");
        await using var app = builder.Build();
        await app.StartAsync(Cancel);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("redis", Cancel).WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Resource.ConnectionStringExpression.GetValue());
        var result = await use(connection.GetDatabase());
        await app.StopAsync(Cancel);
        return result;
    }

    [Fact]
    public void A_generated_parameter_keeps_its_value_across_runs()
    {
        string Resolve()
        {
            var builder = _model.CreateBuilder();
            var key = builder.AddParameter("signing-key", new GenerateParameterDefault(48), secret: true);
            using var app = builder.Build();
            return key.Resource.GetValue();
        }

        var first = Resolve();

        Assert.Equal(48, first.Length);
        Assert.Equal(first, Resolve());
    }

    [Fact]
    public void Configuration_wins_over_a_generated_value()
    {
        var builder = _model.CreateBuilder();
        builder.Configuration["Parameters:signing-key"] = "from-configuration-0123456789-0123456789";
        var key = builder.AddParameter("signing-key", new GenerateParameterDefault(32), secret: true);

        using var app = builder.Build();

        Assert.Equal("from-configuration-0123456789-0123456789", key.Resource.GetValue());
    }

    [Fact]
    public void A_parameter_without_any_value_is_refused_naming_the_setting()
    {
        var builder = _model.CreateBuilder();
        builder.AddParameter("zendesk-token", secret: true);
        builder.AddConnectionString("crm");

        var error = Assert.Throws<DistributedApplicationException>(builder.Build);

        Assert.Contains("Parameters__zendesk-token", error.Message);
        Assert.Contains("ConnectionStrings__crm", error.Message);
    }

    public void Dispose() => _model.Dispose();
}
