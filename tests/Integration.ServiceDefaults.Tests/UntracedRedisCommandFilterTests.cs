using System.Diagnostics;
using Integration.ServiceDefaults.Telemetry;

namespace Integration.ServiceDefaults.Tests;

public sealed class UntracedRedisCommandFilterTests : IDisposable
{
    private readonly ActivitySource _redis = new(UntracedRedisCommandFilter.RedisSource);
    private readonly ActivitySource _requests = new("Test.Requests");
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = _ => true,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public UntracedRedisCommandFilterTests() => ActivitySource.AddActivityListener(_listener);

    [Fact]
    public void A_command_under_a_request_stays_recorded()
    {
        using var request = _requests.StartActivity("GET /orders/42")!;
        using var command = _redis.StartActivity("GET", ActivityKind.Client, request.Context)!;

        new UntracedRedisCommandFilter().OnEnd(command);

        Assert.True(command.Recorded);
        Assert.Equal(request.SpanId, command.ParentSpanId);
    }

    [Fact]
    public void A_command_outside_any_trace_is_not_exported()
    {
        Activity.Current = null;
        using var command = _redis.StartActivity("XREADGROUP", ActivityKind.Client)!;

        new UntracedRedisCommandFilter().OnEnd(command);

        Assert.False(command.Recorded);
    }

    [Fact]
    public void A_root_span_of_another_source_stays_recorded()
    {
        Activity.Current = null;
        using var request = _requests.StartActivity("POST /v1/triggers/events")!;

        new UntracedRedisCommandFilter().OnEnd(request);

        Assert.True(request.Recorded);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _redis.Dispose();
        _requests.Dispose();
    }
}
