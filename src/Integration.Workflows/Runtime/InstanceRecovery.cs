using StackExchange.Redis;

namespace Integration.Workflows.Runtime;

/// <summary>
/// Wakes instances a crash interrupted mid-step, without anyone reading them: every so often one silo (a Redis lock)
/// asks each instance listed as running for a while for its state. An instance whose grain died is activated again by
/// that call and goes on from its last checkpoint; one that is simply busy answers when its step is done. Never stops
/// the service.
/// </summary>
public sealed class InstanceRecovery(RunningInstances running, IGrainFactory grains, IConnectionMultiplexer redis, IConfiguration configuration,
    TimeProvider time, ILogger<InstanceRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Workflows:RecoveryInterval", TimeSpan.FromSeconds(30));
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, time, stoppingToken);
            try
            {
                if (!await redis.GetDatabase().StringSetAsync("workflows:recovery:lock", Environment.ProcessId, interval, When.NotExists))
                {
                    continue;
                }

                foreach (var id in await running.SinceBeforeAsync(time.GetUtcNow() - interval, 100))
                {
                    try
                    {
                        await grains.GetGrain<IWorkflowInstanceGrain>(id).WakeAsync();
                    }
                    catch (TimeoutException)
                    {
                        // Busy with a long step on a live silo: it is not interrupted, and the next round asks again.
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Looking for interrupted instances failed: {Reason}", e.Message);
            }
        }
    }
}
