using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Integration.AppHost.Supervision;

/// <summary>
/// Starts again a service or Redis that ended by itself (a crash, a kill, an exit), as a deployment's orchestrator
/// would: after 2 s, doubling each time it ends again soon after (up to a minute), back to 2 s once it has run for a
/// minute. One that a person stopped (the dashboard's Stop) or that the app host is stopping stays stopped. Each
/// restart is said in the terminal and in the resource's own log, and counted in its "restarts" property on the
/// dashboard.
/// </summary>
internal sealed class Supervisor(ResourceNotificationService notifications, ResourceCommandService commands, ResourceLoggerService logs,
    IHostApplicationLifetime lifetime, TimeProvider time, ILogger<Supervisor> logger) : ResourceWatcher(notifications, logger)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan StableAfter = TimeSpan.FromMinutes(1);
    private const string RestartsProperty = "restarts";

    private readonly ConcurrentDictionary<string, Supervised> _resources = new();

    private sealed class Supervised
    {
        public string? LastState { get; set; }

        public bool StoppedOnPurpose { get; set; }

        public bool Restarting { get; set; }

        public int Restarts { get; set; }

        public TimeSpan Delay { get; set; } = FirstDelay;

        public DateTimeOffset? RunningSince { get; set; }
    }

    protected override async Task OnChangedAsync(ResourceEvent update, CancellationToken cancellationToken)
    {
        var state = update.Snapshot.State?.Text;
        var supervised = _resources.GetOrAdd(update.ResourceId, _ => new Supervised());
        // DCP's updates replace a snapshot's properties: the count is put back whenever one comes without it.
        if (supervised.Restarts > 0 && !update.Snapshot.Properties.Any(p => p.Name == RestartsProperty && Equals(p.Value, supervised.Restarts)))
        {
            await Notifications.PublishUpdateAsync(update.Resource, update.ResourceId, s => s with
            {
                Properties = [.. s.Properties.Where(p => p.Name != RestartsProperty), new ResourcePropertySnapshot(RestartsProperty, supervised.Restarts)],
            });
        }

        var previous = supervised.LastState;
        supervised.LastState = state;
        if (state == previous)
        {
            return;
        }

        if (state == KnownResourceStates.Stopping)
        {
            // Asked to stop (the dashboard, or the app host's own shutdown): not a failure.
            supervised.StoppedOnPurpose = true;
        }
        else if (state == KnownResourceStates.Running)
        {
            supervised.StoppedOnPurpose = false;
            supervised.Restarting = false;
            supervised.RunningSince = time.GetUtcNow();
        }
        else if (HasEnded(update.Snapshot) && previous is not null && previous != KnownResourceStates.Waiting && !supervised.StoppedOnPurpose &&
                 !supervised.Restarting && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            supervised.Restarting = true;
            _ = RestartAsync(update, supervised, cancellationToken);
        }
    }

    private async Task RestartAsync(ResourceEvent ended, Supervised supervised, CancellationToken cancellationToken)
    {
        try
        {
            supervised.Delay = supervised.RunningSince is { } since && time.GetUtcNow() - since >= StableAfter
                ? FirstDelay
                : supervised.Restarts == 0 ? FirstDelay : TimeSpan.FromTicks(Math.Min(supervised.Delay.Ticks * 2, LongestDelay.Ticks));
            supervised.Restarts++;
            var why = ended.Snapshot.ExitCode is { } code ? $"exit code {code}" : ended.Snapshot.State?.Text;
            logger.LogWarning("Resource '{Resource}' ended by itself ({Why}); starting it again in {Delay:F0} s (restart {Restarts}).",
                ended.ResourceId, why, supervised.Delay.TotalSeconds, supervised.Restarts);
            logs.GetLogger(ended.ResourceId).LogWarning("The app host starts this resource again after it ended ({Why}): restart {Restarts}.", why, supervised.Restarts);

            await Task.Delay(supervised.Delay, time, cancellationToken);
            if (supervised.StoppedOnPurpose || lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return;
            }

            var started = await commands.ExecuteCommandAsync(ended.ResourceId, KnownResourceCommands.StartCommand, cancellationToken);
            if (!started.Success)
            {
                logger.LogError("Resource '{Resource}' could not be started again: {Reason}", ended.ResourceId, started.Message);
                supervised.Restarting = false;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            supervised.Restarting = false;
            logger.LogError(ex, "Resource '{Resource}' could not be started again.", ended.ResourceId);
        }
    }
}
