using System.Collections.Concurrent;
using System.Diagnostics;
using Integration.Hosting.Testing;
using Integration.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Integration.ServiceDefaults.Tests;

public sealed class RedisCommandTracingTests
{
    [Fact]
    public async Task Commands_become_client_spans_under_the_activity_that_issued_them()
    {
        await using var redis = await TestRedis.StartAsync(TestContext.Current.CancellationToken);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        using var tracing = new RedisCommandTracing(connection);
        using var requests = new ActivitySource("Test.Requests");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Test.Requests" or RedisCommandTracing.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.Source.Name == RedisCommandTracing.ActivitySourceName) spans.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(listener);

        string parentSpanId;
        using (var request = requests.StartActivity("GET /orders/42")!)
        {
            parentSpanId = request.SpanId.ToHexString();
            var db = connection.GetDatabase();
            await db.StringSetAsync("order:42", "shipped");
            await db.StringGetAsync("order:42");
        }

        // The client may add commands of its own on the same flow; the two we issued must be there as spans.
        var ours = spans.Where(s => s.DisplayName is "redis GET" or "redis SET").ToList();
        Assert.Equal(["redis GET", "redis SET"], ours.Select(s => s.DisplayName).Order());
        Assert.All(ours, span =>
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(parentSpanId, span.ParentSpanId.ToHexString());
            Assert.Equal("redis", span.GetTagItem("db.system.name"));
            Assert.True(span.Duration > TimeSpan.Zero);
        });
    }

    [Fact]
    public async Task Commands_outside_any_traced_activity_make_no_spans()
    {
        await using var redis = await TestRedis.StartAsync(TestContext.Current.CancellationToken);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        using var tracing = new RedisCommandTracing(connection);
        var spans = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == RedisCommandTracing.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => Interlocked.Increment(ref spans),
        };
        ActivitySource.AddActivityListener(listener);

        Activity.Current = null;
        await connection.GetDatabase().StringSetAsync("k", "v");

        Assert.Equal(0, spans);
    }
}
