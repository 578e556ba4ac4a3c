namespace Integration.Workflows.Instances;

/// <summary>
/// Once, at start: indexes by business key the instances recorded before that index existed, so that a lookup by key finds
/// an instance at any age. Redis away: tried again later; never stops the service.
/// </summary>
public sealed class InstanceKeyBackfill(InstanceIndex index, TimeProvider time, ILogger<InstanceKeyBackfill> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await index.IndexEarlierKeysAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Indexing earlier instances by business key waits: {Reason}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(10), time, stoppingToken);
            }
        }
    }
}
