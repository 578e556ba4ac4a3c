using Integration.Inference.Datasets;
using Integration.Inference.Registry;
using StackExchange.Redis;

namespace Integration.Inference.Training;

/// <summary>When to train a candidate from reviewers' corrections by itself (configuration: Inference:Retraining).</summary>
public sealed class RetrainingOptions
{
    public const string SectionName = "Inference:Retraining";

    /// <summary>Train a candidate on shipped + feedback once this many new feedback items have come in since the last; 0 turns it off.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1_000_000)]
    public int AfterFeedbackItems { get; set; } = 50;

    /// <summary>Promote a candidate that passes the promotion gate; otherwise it waits for a person to promote it.</summary>
    public bool AutoPromote { get; set; }

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Trains a candidate classifier on the shipped and feedback datasets when enough new feedback has come in, then puts it
/// through the promotion gate (promoting it only when <see cref="RetrainingOptions.AutoPromote"/> says so). One replica
/// retrains at a time (a Redis lease); the count it retrained at is kept in Redis. Never stops the service.
/// </summary>
public sealed class RetrainingLoop(ModelRegistry registry, DatasetStore datasets, TrainingRuns runs, RetrainingOptions options, IConnectionMultiplexer redis,
    TimeProvider time, ILogger<RetrainingLoop> logger) : BackgroundService
{
    private static string RetrainedAt(string model) => $"inference:models:{model}:retrained-at-feedback";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.AfterFeedbackItems == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.CheckInterval, time, stoppingToken);
            foreach (var model in registry.All.Where(m => m is { Task: ModelTask.Classify, Backend: "embedded", IsSplit: false }))
            {
                try
                {
                    await RetrainIfDueAsync(model.Name, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Retraining {Model} from feedback failed; it is tried again later: {Reason}", model.Name, e.Message);
                }
            }
        }
    }

    public async Task<TrainingRun?> RetrainIfDueAsync(string model, CancellationToken cancellationToken)
    {
        // Checked every interval: count the items, and read (decrypt) them only when a run is due.
        var db = redis.GetDatabase();
        var last = (long?)await db.StringGetAsync(RetrainedAt(model)) ?? 0;
        if (await datasets.FeedbackCountAsync(model) - last < options.AfterFeedbackItems ||
            !await db.StringSetAsync($"inference:models:{model}:retraining", Environment.ProcessId, TimeSpan.FromMinutes(5), When.NotExists))
        {
            return null;
        }

        try
        {
            var feedback = await datasets.FeedbackAsync(model);
            var (examples, leakage) = await runs.CleanAsync([.. await datasets.ShippedAsync(), .. feedback]);
            var run = await runs.RunAsync(model, examples, leakage, $"{DatasetNames.Shipped} + {DatasetNames.Feedback} ({feedback.Count})", new TrainingSettings(),
                "retraining", options.AutoPromote, cancellationToken);
            await db.StringSetAsync(RetrainedAt(model), feedback.Count);
            logger.LogInformation("Classifier {Model} version {Version} trained from {Feedback} feedback items: {Outcome}", model, run.Version.Version, feedback.Count,
                run.Promoted ? "promoted" : run.Gate is null ? "waits for a person to promote it"
                : "the promotion gate refused it (" + string.Join("; ", run.Gate.Where(c => !c.Passed).Select(c => $"{c.Gate}: {c.Detail}")) + ")");
            return run;
        }
        finally
        {
            await db.KeyDeleteAsync($"inference:models:{model}:retraining");
        }
    }
}
