using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Integration.AppHost.Terminal;

/// <summary>
/// What the terminal says about the resources, next to the dashboard: a resource that fails, with the last lines it
/// wrote (the why), and once everything is running and healthy, a table of the resources and their URLs.
/// It starts watching before Aspire starts anything: Aspire's own start returns only once every resource was started,
/// and a resource that waits for a failed one never is.
/// </summary>
internal sealed partial class ResourceReport(DistributedApplicationModel model, ResourceNotificationService notifications,
    ResourceLoggerService logs, IHostApplicationLifetime lifetime, ILogger<ResourceReport> logger)
    : IHostedLifecycleService
{
    private const int LinesShown = 12;
    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _watching = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
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

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        // The processes the app host runs; Aspire's hidden helpers (a project's rebuilder) never report as running.
        var expected = model.Resources.Where(r => r is ProjectResource or ExecutableResource).Select(r => r.Name).ToHashSet();
        var latest = new Dictionary<string, ResourceEvent>();
        var reported = new HashSet<string>();
        var announced = false;
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (update.Resource is not (ProjectResource or ExecutableResource))
                {
                    continue;
                }

                if (update.Snapshot.IsHidden)
                {
                    expected.Remove(update.Resource.Name);
                    continue;
                }

                latest[update.ResourceId] = update;
                // Resources still waiting when the app host is stopped end as failed too: that is no news.
                if (Failed(update.Snapshot) && !lifetime.ApplicationStopping.IsCancellationRequested && reported.Add($"{update.ResourceId}@{update.Snapshot.StartTimeStamp}"))
                {
                    await ReportFailureAsync(update, stoppingToken);
                }

                if (!announced && expected.All(name => latest.Values.Any(e => e.Resource.Name == name)) && latest.Values.All(Ready))
                {
                    announced = true;
                    logger.LogInformation("Every resource is running and healthy, {Seconds:F0} s after the app host started:\n{Table}",
                        (DateTime.UtcNow - started).TotalSeconds, Table(latest.Values));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A report is a convenience: it never takes the app host, and the suite with it, down.
            logger.LogWarning(ex, "The terminal report of resource states stopped; the dashboard still shows them.");
        }
    }

    private static bool Failed(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.FailedToStart ||
        ((snapshot.State?.Text == KnownResourceStates.Exited || snapshot.State?.Text == KnownResourceStates.Finished) && snapshot.ExitCode is not (null or 0));

    /// <summary>Running, and healthy where it has health checks (its status is unknown until the first one answers).</summary>
    private static bool Ready(ResourceEvent e) =>
        e.Snapshot.State?.Text == KnownResourceStates.Running &&
        (!e.Resource.Annotations.OfType<HealthCheckAnnotation>().Any() || e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);

    private async Task ReportFailureAsync(ResourceEvent failed, CancellationToken cancellationToken)
    {
        // What it said, without the stack frames (the message is the why) and without the timestamps.
        var lines = new List<string>();
        await foreach (var batch in logs.GetAllAsync(failed.ResourceId).WithCancellation(cancellationToken))
        {
            lines.AddRange(batch.Select(l => Decoration().Replace(l.Content, "").TrimEnd())
                .Where(l => l.Length > 0 && !StackFrame().IsMatch(l) && !l.StartsWith("[sys]", StringComparison.Ordinal)));
        }

        var state = failed.Snapshot.ExitCode is { } code ? $"{failed.Snapshot.State?.Text} with exit code {code}" : failed.Snapshot.State?.Text;
        var output = lines.Count == 0
            ? "It wrote nothing; if it waits for another resource, that one failed first."
            : $"Its last output:\n{string.Join('\n', lines.TakeLast(LinesShown).Select(l => "    " + l))}";
        logger.LogError("Resource '{Resource}' {State}; resources that wait for it are not started. {Output}\nAll of its logs: the dashboard, Console.",
            failed.ResourceId, state, output);
    }

    /// <summary>DCP's timestamp at the start of a line, and the console's colour codes.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d\d-\d\dT[\d:.]+Z |\x1b\[[0-9;]*m")]
    private static partial System.Text.RegularExpressions.Regex Decoration();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(at |--- End of )")]
    private static partial System.Text.RegularExpressions.Regex StackFrame();

    private static string Table(IEnumerable<ResourceEvent> resources)
    {
        var table = new StringBuilder();
        foreach (var resource in resources.OrderBy(r => r.ResourceId, StringComparer.Ordinal))
        {
            var url = resource.Snapshot.Urls.FirstOrDefault(u => !u.IsInternal && !u.IsInactive && u.Url.StartsWith("http", StringComparison.Ordinal))?.Url
                ?? resource.Snapshot.Urls.FirstOrDefault(u => !u.IsInternal)?.Url ?? "";
            table.AppendLine($"    {resource.ResourceId,-22} {resource.Snapshot.State?.Text,-8} {url}");
        }

        return table.ToString().TrimEnd();
    }
}
