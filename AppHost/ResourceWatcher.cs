using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Integration.AppHost;

/// <summary>
/// Sees every change of state of the processes the app host runs (projects and executables, not Aspire's hidden
/// helpers), from before Aspire starts anything: Aspire's own start returns only once every resource was started,
/// and a resource that waits for a failed one never is. A failure in handling one change is logged and the watch
/// goes on; it never takes the app host down.
/// </summary>
internal abstract class ResourceWatcher(ResourceNotificationService notifications, ILogger logger) : IHostedLifecycleService
{
    private readonly CancellationTokenSource _stopping = new();

    protected ResourceNotificationService Notifications => notifications;
    private Task _watching = Task.CompletedTask;

    protected abstract Task OnChangedAsync(ResourceEvent update, CancellationToken cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _watching = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (update.Resource is not (ProjectResource or ExecutableResource))
                {
                    continue;
                }

                try
                {
                    await OnChangedAsync(update, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Handling a change of {Resource} failed; the dashboard still shows it.", update.ResourceId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _watching;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        return Task.CompletedTask;
    }

    protected static bool IsRunning(CustomResourceSnapshot snapshot) => snapshot.State?.Text == KnownResourceStates.Running;

    /// <summary>Ended by itself: exited (any code, or killed) or finished with an error, or failed to start.</summary>
    protected static bool HasEnded(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.FailedToStart || snapshot.State?.Text == KnownResourceStates.Exited ||
        snapshot.State?.Text == KnownResourceStates.Finished;
}
