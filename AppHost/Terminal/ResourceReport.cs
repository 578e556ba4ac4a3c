using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Integration.AppHost.Terminal;

/// <summary>
/// What the terminal says about the resources, next to the dashboard: a resource that fails, with the last lines it
/// wrote (the why), and once everything is running and healthy, a table of the resources and their URLs.
/// </summary>
internal sealed partial class ResourceReport(DistributedApplicationModel model, ResourceNotificationService notifications,
    ResourceLoggerService logs, IHostApplicationLifetime lifetime, ILogger<ResourceReport> logger)
    : ResourceWatcher(notifications, logger)
{
    private const int LinesShown = 12;
    private static readonly DateTime Started = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    // The processes the app host runs; Aspire's hidden helpers (a project's rebuilder) never report as running.
    private readonly HashSet<string> _expected = model.Resources.Where(r => r is ProjectResource or ExecutableResource).Select(r => r.Name).ToHashSet();
    private readonly Dictionary<string, ResourceEvent> _latest = [];
    private readonly HashSet<string> _reported = [];
    private bool _announced;

    protected override async Task OnChangedAsync(ResourceEvent update, CancellationToken cancellationToken)
    {
        if (update.Snapshot.IsHidden)
        {
            _expected.Remove(update.Resource.Name);
            return;
        }

        _latest[update.ResourceId] = update;
        // Resources still waiting when the app host is stopped end as failed too: that is no news.
        if (Failed(update.Snapshot) && !lifetime.ApplicationStopping.IsCancellationRequested &&
            _reported.Add($"{update.ResourceId}@{update.Snapshot.StartTimeStamp}"))
        {
            await ReportFailureAsync(update, cancellationToken);
        }

        if (!_announced && _expected.All(name => _latest.Values.Any(e => e.Resource.Name == name)) && _latest.Values.All(Ready))
        {
            _announced = true;
            logger.LogInformation("Every resource is running and healthy, {Seconds:F0} s after the app host started:\n{Table}",
                (DateTime.UtcNow - Started).TotalSeconds, Table(_latest.Values));
        }
    }

    private static bool Failed(CustomResourceSnapshot snapshot) =>
        HasEnded(snapshot) && (snapshot.State?.Text == KnownResourceStates.FailedToStart || snapshot.ExitCode is not (null or 0));

    /// <summary>Running, and healthy where it has health checks (its status is unknown until the first one answers).</summary>
    private static bool Ready(ResourceEvent e) =>
        IsRunning(e.Snapshot) &&
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
