using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Threading.Channels;
using Integration.Inference.Engine;
using StackExchange.Redis;

namespace Integration.Inference.Drift;

/// <summary>An input a classifier answered, waiting to be embedded and counted.</summary>
public sealed record DriftObservation(string Model, string Text, string Label, double Confidence, DateTimeOffset At);

/// <summary>
/// Watches what the classifiers are asked. A model call only hands its input and answer to a bounded queue, at most
/// <see cref="DriftOptions.MaxPerSecond"/> a second (a sample; a full queue drops it and counts the drop: monitoring
/// never slows a call); this loop embeds the inputs in batches, adds their
/// features to the hour's sums in Redis, and every <see cref="DriftOptions.CheckInterval"/> compares each classifier's
/// recent window with its reference, raising an alert (a log warning, the <c>inference.drift.alerts</c> counter and an
/// entry in <c>GET /v1/drift/alerts</c>) when it crosses a threshold. Never stops the service.
/// </summary>
public sealed class DriftMonitor(DriftOptions options, DriftStore store, DriftReports reports, SentenceEmbedder embedder, Registry.ModelRegistry registry,
    IConnectionMultiplexer redis, TimeProvider time, DriftEventOutbox events, ILogger<DriftMonitor> logger) : BackgroundService
{
    public const string AlertsKey = "inference:drift:alerts";
    private static readonly Meter Meter = new(Gateway.Metering.MeterName);
    private static readonly Counter<long> Alerts = Meter.CreateCounter<long>("inference.drift.alerts", description: "Drift alerts raised");
    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("inference.drift.dropped", description: "Inputs not observed because the queue was full");
    private readonly Channel<DriftObservation> _queue = Channel.CreateBounded<DriftObservation>(new BoundedChannelOptions(options.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private long _second;
    private int _thisSecond;

    /// <summary>Hands a classifier's input and answer over; returns at once.</summary>
    private void Observe(string model, string text, string label, double confidence)
    {
        if (!_queue.Writer.TryWrite(new DriftObservation(model, text, label, confidence, time.GetUtcNow())))
        {
            Dropped.Add(1, new KeyValuePair<string, object?>("model", model));
        }
    }

    /// <summary>Whether this second's sample (<see cref="DriftOptions.MaxPerSecond"/>) has room for one more: asked before any work is done.</summary>
    private bool Sampled()
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        if (Interlocked.Exchange(ref _second, second) != second)
        {
            Interlocked.Exchange(ref _thisSecond, 0);
        }

        return Interlocked.Increment(ref _thisSecond) <= options.MaxPerSecond;
    }

    /// <summary>Observes an answer of a classify model: its label and confidence read from the JSON it answered with; anything else is left alone.</summary>
    public void ObserveAnswer(Registry.ModelDefinition served, IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> messages, string content)
    {
        // On the model call's path: past this second's sample nothing is parsed at all.
        if (served.Task != Registry.ModelTask.Classify || !Sampled() ||
            messages.LastOrDefault(m => m.Role == Microsoft.Extensions.AI.ChatRole.User)?.Text is not { Length: > 0 } text)
        {
            return;
        }

        try
        {
            using var answer = JsonDocument.Parse(content);
            if (answer.RootElement.ValueKind == JsonValueKind.Object && answer.RootElement.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.String &&
                answer.RootElement.TryGetProperty("confidence", out var confidence) && confidence.TryGetDouble(out var sure))
            {
                Observe(served.Name, text, label.GetString()!, sure);
            }
        }
        catch (JsonException)
        {
            // A backend that answers a classification in prose has nothing to count.
        }
    }

    /// <summary>Waits until every observation handed over so far has been counted (tests, the flywheel scenario).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (_queue.Reader.Count > 0 || Interlocked.Read(ref _inFlight) > 0)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    private long _inFlight;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var checking = options.CheckInterval > TimeSpan.Zero ? CheckLoopAsync(stoppingToken) : Task.CompletedTask;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _queue.Reader.WaitToReadAsync(stoppingToken);
                var batch = new List<DriftObservation>(64);
                Interlocked.Increment(ref _inFlight);
                try
                {
                    while (batch.Count < 64 && _queue.Reader.TryRead(out var observation))
                    {
                        batch.Add(observation);
                    }

                    await CountAsync(batch);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Redis away: these observations are lost to the drift figures, the calls they came from are not.
                logger.LogWarning("Drift observations not counted: {Reason}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }

        await checking;
    }

    private async Task CountAsync(IReadOnlyList<DriftObservation> batch)
    {
        var embeddings = embedder.Embed([.. batch.Select(o => o.Text)]);
        foreach (var group in batch.Select((o, i) => (Observation: o, Embedding: embeddings[i]))
                     .GroupBy(x => (x.Observation.Model, Hour: x.Observation.At.UtcDateTime.Date.AddHours(x.Observation.At.UtcDateTime.Hour))))
        {
            var features = new DriftFeatures();
            foreach (var (observation, embedding) in group)
            {
                features.Add(observation.Text, observation.Label, observation.Confidence, embedding);
            }

            await store.AddAsync(group.Key.Model, new DateTimeOffset(group.Key.Hour, TimeSpan.Zero), features);
        }
    }

    private async Task CheckLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CheckInterval, time, stoppingToken);
                foreach (var model in registry.All.Where(m => m is { Task: Registry.ModelTask.Classify, Backend: "embedded", IsSplit: false }))
                {
                    await CheckAsync(model.Name);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Checking drift failed; it is checked again later: {Reason}", e.Message);
            }
        }
    }

    /// <summary>
    /// Compares the model's recent window with its reference and raises an alert when it crosses into drift (once per
    /// crossing, across replicas: the state is in Redis; it ends when the figures fall well back); returns the report.
    /// </summary>
    public async Task<DriftReport> CheckAsync(string model)
    {
        var report = await reports.ReportAsync(model, options.Window);
        var db = redis.GetDatabase();
        var stateKey = $"inference:drift:{model}:alerting";
        if (!report.Alert)
        {
            // Hysteresis: an alert ends only once the figures are well back (under 80% of every threshold), so that a
            // window hovering at a threshold does not raise an alert at every other check.
            if (report.Severity < 0.8)
            {
                await db.KeyDeleteAsync(stateKey);
            }

            return report;
        }

        // The crossing, the alert and its trigger event for the workflow service are written together, once across replicas.
        var alert = new DriftAlert(model, time.GetUtcNow(), report.Reasons, report.Window.Items, report.CentroidDistance, report.LengthPsi, report.LabelPsi, report.ConfidencePsi);
        var transaction = db.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(stateKey));
        _ = transaction.StringSetAsync(stateKey, alert.At.ToUnixTimeSeconds());
        _ = transaction.StreamAddAsync(AlertsKey, "alert", JsonSerializer.Serialize(alert, JsonSerializerOptions.Web), maxLength: 1000, useApproximateMaxLength: true);
        events.AddTo(transaction, alert);
        if (await transaction.ExecuteAsync())
        {
            Alerts.Add(1, new KeyValuePair<string, object?>("model", model));
            logger.LogWarning("Drift alert for {Model}: {Reasons}", model, string.Join("; ", report.Reasons));
        }

        return report;
    }

    public async Task<IReadOnlyList<DriftAlert>> AlertsAsync(int count) =>
        [.. (await redis.GetDatabase().StreamRangeAsync(AlertsKey, "-", "+", count, Order.Descending))
            .Select(e => JsonSerializer.Deserialize<DriftAlert>(e["alert"].ToString(), JsonSerializerOptions.Web)!)];
}

/// <summary>A crossing into drift: when, why, and the figures then.</summary>
public sealed record DriftAlert(string Model, DateTimeOffset At, IReadOnlyList<string> Reasons, long Items, double? CentroidDistance, double? LengthPsi,
    double? LabelPsi, double? ConfidencePsi);
