using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using StackExchange.Redis;

namespace Integration.Inference.Gateway;

public sealed record MeterReading(string Model, string Caller, long Requests, long Errors, long Cached, long TokensIn, long TokensOut, decimal CostUsd, double MeanLatencyMs);

/// <summary>
/// Usage per model and caller: OpenTelemetry instruments for dashboards, and running totals in one Redis
/// hash for the API, shared by all replicas. Totals gather in memory and go to Redis once a second (and
/// at shutdown, and before every read), so metering adds no Redis round trip to a model call.
/// </summary>
public sealed class Metering : IAsyncDisposable
{
    public const string MeterName = "Integration.Inference";
    private const string TotalsKey = "inference:metering";
    private static readonly string[] Fields = ["requests", "errors", "cached", "tokens_in", "tokens_out", "cost_micro_usd", "latency_us"];
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("inference.requests", description: "Model calls answered or failed");
    private static readonly Counter<long> Errors = Meter.CreateCounter<long>("inference.errors", description: "Model calls that failed");
    private static readonly Counter<long> InputTokens = Meter.CreateCounter<long>("inference.tokens.input", "{token}");
    private static readonly Counter<long> OutputTokens = Meter.CreateCounter<long>("inference.tokens.output", "{token}");
    private static readonly Counter<double> Cost = Meter.CreateCounter<double>("inference.cost", "USD");
    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("inference.latency", "ms");

    private readonly IConnectionMultiplexer _redis;
    private readonly ConcurrentDictionary<(string Model, string Caller), long[]> _pending = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly ITimer _timer;

    public Metering(IConnectionMultiplexer redis, TimeProvider time)
    {
        _redis = redis;
        _timer = time.CreateTimer(_ => _ = FlushAsync(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

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

        var totals = _pending.GetOrAdd((model, caller), _ => new long[Fields.Length]);
        Interlocked.Increment(ref totals[0]);
        Interlocked.Add(ref totals[1], error ? 1 : 0);
        Interlocked.Add(ref totals[2], cached ? 1 : 0);
        Interlocked.Add(ref totals[3], tokensIn);
        Interlocked.Add(ref totals[4], tokensOut);
        Interlocked.Add(ref totals[5], (long)Math.Round(cost * 1_000_000m));
        Interlocked.Add(ref totals[6], (long)latency.TotalMicroseconds);
    }

    public async Task<IReadOnlyList<MeterReading>> ReadAsync()
    {
        await FlushAsync();
        var entries = await _redis.GetDatabase().HashGetAllAsync(TotalsKey);
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

    /// <summary>Moves the totals gathered so far to Redis; what fails to arrive is kept for the next flush.</summary>
    public async Task FlushAsync()
    {
        await _flushing.WaitAsync();
        try
        {
            var db = _redis.GetDatabase();
            foreach (var (key, totals) in _pending)
            {
                // Taking each total with an exchange leaves whatever a concurrent Record adds for the next flush.
                var taken = new long[Fields.Length];
                for (var i = 0; i < Fields.Length; i++)
                {
                    taken[i] = Interlocked.Exchange(ref totals[i], 0);
                }

                if (taken[0] == 0)
                {
                    continue;
                }

                var prefix = $"{key.Model}|{key.Caller}|";
                try
                {
                    // One transaction: all seven totals land, or none do and they are kept.
                    var transaction = db.CreateTransaction();
                    for (var i = 0; i < Fields.Length; i++)
                    {
                        _ = transaction.HashIncrementAsync(TotalsKey, prefix + Fields[i], taken[i]);
                    }

                    if (!await transaction.ExecuteAsync())
                    {
                        throw new RedisException("The metering transaction was not applied.");
                    }
                }
                catch (RedisException)
                {
                    for (var i = 0; i < Fields.Length; i++)
                    {
                        Interlocked.Add(ref totals[i], taken[i]);
                    }
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        await FlushAsync();
    }
}
