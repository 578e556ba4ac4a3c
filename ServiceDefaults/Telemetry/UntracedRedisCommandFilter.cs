using System.Diagnostics;
using OpenTelemetry;

namespace Integration.ServiceDefaults.Telemetry;

/// <summary>
/// Redis commands are traced (Aspire's Redis client) as spans under the request that issued them. A command issued
/// outside any trace, a background loop polling a stream several times a second, would be a trace of its own and bury
/// the requests in the dashboard: those spans are not exported. Added before the exporter, so that it sees them unrecorded.
/// </summary>
public sealed class UntracedRedisCommandFilter : BaseProcessor<Activity>
{
    public const string RedisSource = "OpenTelemetry.Instrumentation.StackExchangeRedis";

    public override void OnEnd(Activity data)
    {
        if (data.Source.Name == RedisSource && data.ParentSpanId == default)
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}
