using Integration.Workflows.Runtime;
using StackExchange.Redis;

namespace Integration.Workflows.Triggers;

/// <summary>
/// Starts the instances of accepted trigger events, on any silo, a batch at a time and the events of a batch at once (a
/// start runs its instance up to its first wait, which for the flagship means model calls: one at a time, a burst of
/// tickets would queue behind each other). Never stops the service: a failure (Redis away, a grain call timing out)
/// leaves that event in the queue, and the loop backs off and goes on.
/// </summary>
public sealed class TriggerRunner(TriggerQueue queue, IGrainFactory grains, TimeProvider time, ILogger<TriggerRunner> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = Idle;
        while (!stoppingToken.IsCancellationRequested)
        {
            var ran = 0;
            try
            {
                await queue.EnsureGroupAsync();
                var batch = await queue.NextAsync(20);
                var outcomes = await Task.WhenAll(batch.Select(entry => RunAsync(entry.Id, entry.Trigger)));
                ran = outcomes.Count(ok => ok);
                pause = ran == batch.Count ? Idle : Backoff(pause);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Accepted trigger events wait in the queue: {Reason}", e.Message);
                pause = Backoff(pause);
            }

            if (ran == 0 || pause > Idle)
            {
                await Task.Delay(pause, time, stoppingToken);
            }
        }
    }

    /// <summary>Starts what one event starts, then takes it off the queue; false (it stays) when a start failed.</summary>
    private async Task<bool> RunAsync(RedisValue id, AcceptedTrigger? trigger)
    {
        try
        {
            foreach (var start in trigger?.Starts ?? [])
            {
                await grains.GetGrain<IWorkflowInstanceGrain>(start.InstanceId).StartAsync(TriggerQueue.StartOf(trigger!, start));
            }

            await queue.AcknowledgeAsync(id);
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning("Trigger event {Event} waits in the queue: {Reason}", trigger?.EventId, e.Message);
            return false;
        }
    }

    private static TimeSpan Backoff(TimeSpan pause) => TimeSpan.FromTicks(Math.Min(Math.Max(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks), MaxBackoff.Ticks));
}
