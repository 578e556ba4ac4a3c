using Integration.Workflows.Runtime;

namespace Integration.Workflows.Triggers;

/// <summary>
/// Starts the instances of accepted trigger events, in order, on any silo. Never stops the service: a failure (Redis
/// away, a grain call timing out) leaves the event in the queue, and the loop backs off and goes on.
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
                foreach (var (id, trigger) in await queue.NextAsync(20))
                {
                    foreach (var start in trigger?.Starts ?? [])
                    {
                        await grains.GetGrain<IWorkflowInstanceGrain>(start.InstanceId).StartAsync(TriggerQueue.StartOf(trigger!, start));
                    }

                    await queue.AcknowledgeAsync(id);
                    ran++;
                }

                pause = Idle;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Accepted trigger events wait in the queue: {Reason}", e.Message);
                pause = TimeSpan.FromTicks(Math.Min(Math.Max(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks), MaxBackoff.Ticks));
            }

            if (ran == 0)
            {
                await Task.Delay(pause, time, stoppingToken);
            }
        }
    }
}
