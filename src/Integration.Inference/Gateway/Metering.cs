using System.Diagnostics;
using System.Diagnostics.Metrics;
using StackExchange.Redis;

namespace Integration.Inference.Gateway;

public sealed record MeterReading(string Model, string Caller, long Requests, long Errors, long Cached, long TokensIn, long TokensOut, decimal CostUsd, double MeanLatencyMs);

/// <summary>
/// Usage per model and caller: OpenTelemetry instruments for dashboards, and running totals in one Redis
/// hash for the API, shared by all replicas. The Redis writes are fire-and-forget: metering never slows or
/// fails a model call.
/// </summary>
public sealed class Metering(IConnectionMultiplexer redis)
{
    public const string MeterName = "Integration.Inference";
    private const string TotalsKey = "inference:metering";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("inference.requests", description: "Model calls answered or failed");
    private static readonly Counter<long> Errors = Meter.CreateCounter<long>("inference.errors", description: "Model calls that failed");
    private static readonly Counter<long> InputTokens = Meter.CreateCounter<long>("inference.tokens.input", "{token}");
    private static readonly Counter<long> OutputTokens = Meter.CreateCounter<long>("inference.tokens.output", "{token}");
    private static readonly Counter<double> Cost = Meter.CreateCounter<double>("inference.cost", "USD");
    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("inference.latency", "ms");

    public void Record(string model, string backend, string caller, int tokensIn, int tokensOut, decimal cost, TimeSpan latency, bool error, bool cached)
    {
        var tags = new TagList { { "model", model }, { "backend", backend }, { "caller", caller }, { "cached", cached } };
        Requests.Add(1, tags);
        InputTokens.Add(tokensIn, tags);
        OutputTokens.Add(tokensOut, tags);
        Cost.Add((double)cost, tags);
        Latency.Record(latency.TotalMilliseconds, tags);
        if (error)
        {
            Errors.Add(1, tags);
        }

        var db = redis.GetDatabase();
        var prefix = $"{model}|{caller}|";
        const CommandFlags fireAndForget = CommandFlags.FireAndForget;
        db.HashIncrement(TotalsKey, prefix + "requests", 1, fireAndForget);
        db.HashIncrement(TotalsKey, prefix + "errors", error ? 1 : 0, fireAndForget);
        db.HashIncrement(TotalsKey, prefix + "cached", cached ? 1 : 0, fireAndForget);
        db.HashIncrement(TotalsKey, prefix + "tokens_in", tokensIn, fireAndForget);
        db.HashIncrement(TotalsKey, prefix + "tokens_out", tokensOut, fireAndForget);
        db.HashIncrement(TotalsKey, prefix + "cost_micro_usd", (long)Math.Round(cost * 1_000_000m), fireAndForget);
        db.HashIncrement(TotalsKey, prefix + "latency_us", (long)latency.TotalMicroseconds, fireAndForget);
    }

    public async Task<IReadOnlyList<MeterReading>> ReadAsync()
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(TotalsKey);
        return entries
            .Select(e => (Parts: e.Name.ToString().Split('|'), Value: (long)e.Value))
            .GroupBy(e => (Model: e.Parts[0], Caller: string.Join('|', e.Parts[1..^1])))
            .Select(g =>
            {
                long Get(string metric) => g.Where(e => e.Parts[^1] == metric).Sum(e => e.Value);
                var requests = Get("requests");
                return new MeterReading(g.Key.Model, g.Key.Caller, requests, Get("errors"), Get("cached"), Get("tokens_in"), Get("tokens_out"),
                    Get("cost_micro_usd") / 1_000_000m, requests == 0 ? 0 : Math.Round(Get("latency_us") / 1000.0 / requests, 3));
            })
            .OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Caller, StringComparer.Ordinal).ToList();
    }
}
