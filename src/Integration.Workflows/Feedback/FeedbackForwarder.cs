using Integration.Workflows.Activities.Models;
using Integration.Workflows.Activities;
using Integration.Workflows.Services;
using StackExchange.Redis;

namespace Integration.Workflows.Feedback;

/// <summary>
/// Hands the classifier examples of each feedback record to the inference service's feedback dataset, in order, from a
/// cursor kept in Redis, moved on only once the inference service has taken a page's examples (each has a stable id, so
/// a page sent again after a crash adds nothing twice). Only one silo forwards at a time (a Redis lease). Never stops
/// the service: a failure leaves the cursor where it was, and the loop backs off and goes on.
/// </summary>
public sealed class FeedbackForwarder(FeedbackStore store, InferenceClient inference, IConnectionMultiplexer redis, IConfiguration configuration,
    TimeProvider time, ILogger<FeedbackForwarder> logger) : BackgroundService
{
    public const string CursorKey = "workflows:feedback:forwarded";
    private const string LeaseKey = "workflows:feedback:forwarder";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = configuration.GetValue("Workflows:FeedbackForwardInterval", TimeSpan.FromSeconds(5));
        var pause = idle;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var db = redis.GetDatabase();
                if (await db.StringSetAsync(LeaseKey, Environment.ProcessId, idle * 4, When.NotExists) || (int?)await db.StringGetAsync(LeaseKey) == Environment.ProcessId)
                {
                    await db.KeyExpireAsync(LeaseKey, idle * 4);
                    while (await ForwardPageAsync(stoppingToken))
                    {
                    }
                }

                pause = idle;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Feedback examples wait to go to the inference service: {Reason}", e.Message);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxBackoff.Ticks));
            }

            await Task.Delay(pause, time, stoppingToken);
        }
    }

    /// <summary>Sends the next page's examples; true when there was a page (there may be more).</summary>
    private async Task<bool> ForwardPageAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var cursor = (string?)await db.StringGetAsync(CursorKey);
        var page = await store.ReadAsync(cursor, 100, new FeedbackFilter());
        if (page.Next is null)
        {
            return false;
        }

        foreach (var model in page.Records.SelectMany(r => FeedbackExport.Examples(r).Where(e => e.Activity == Classify.TypeName && e.Model is not null)
                         .Select(e => (Record: r, Example: e)))
                     .GroupBy(x => x.Example.Model!))
        {
            var items = model.Select(x => new FeedbackItem($"{x.Record.Task}:{x.Example.Step}", x.Example.Input, x.Example.Output, $"feedback:{x.Record.Workflow}")).ToList();
            var added = await inference.AddFeedbackAsync(new FeedbackItems(model.Key, items), cancellationToken);
            logger.LogInformation("{Added} of {Sent} feedback examples added to {Model}'s dataset", added.Added, items.Count, model.Key);
        }

        await db.StringSetAsync(CursorKey, page.Next);
        return true;
    }
}
