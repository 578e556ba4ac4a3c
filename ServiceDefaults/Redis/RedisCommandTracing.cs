using System.Diagnostics;
using System.Runtime.CompilerServices;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Integration.ServiceDefaults.Redis;

/// <summary>
/// Traces Redis commands as client spans ("redis GET") under the activity that issued them.
/// OpenTelemetry's StackExchange.Redis instrumentation is not in the feed here, so this does the same with
/// the client's profiling API: one profiling session per traced activity, turned into spans when it stops.
/// </summary>
public sealed class RedisCommandTracing : IDisposable
{
    public const string ActivitySourceName = "Integration.Redis";
    private static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly ConditionalWeakTable<Activity, ProfilingSession> _sessions = [];
    private readonly ActivityListener _listener;

    public RedisCommandTracing(IConnectionMultiplexer redis)
    {
        redis.RegisterProfiler(SessionForCurrentActivity);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name != ActivitySourceName,
            ActivityStopped = EmitSpans,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private ProfilingSession? SessionForCurrentActivity() =>
        Source.HasListeners() && Activity.Current is { Recorded: true } current
            ? _sessions.GetValue(current, _ => new ProfilingSession())
            : null;

    private void EmitSpans(Activity parent)
    {
        if (!_sessions.TryGetValue(parent, out var session))
        {
            return;
        }

        _sessions.Remove(parent);
        foreach (var command in session.FinishProfiling())
        {
            using var span = Source.StartActivity(
                $"redis {command.Command}", ActivityKind.Client, parent.Context, startTime: command.CommandCreated.ToUniversalTime());
            if (span is null)
            {
                continue;
            }

            span.SetTag("db.system.name", "redis");
            span.SetTag("db.operation.name", command.Command);
            span.SetTag("db.namespace", command.Db.ToString(System.Globalization.CultureInfo.InvariantCulture));
            span.SetTag("server.address", command.EndPoint.ToString());
            span.SetEndTime(command.CommandCreated.ToUniversalTime() + command.ElapsedTime);
        }
    }

    public void Dispose() => _listener.Dispose();
}
