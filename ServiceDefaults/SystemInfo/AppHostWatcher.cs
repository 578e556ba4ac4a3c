using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Integration.ServiceDefaults.SystemInfo;

/// <summary>
/// When started by the app host, stop if the app host disappears without stopping us (killed with
/// SIGKILL, say), so that no service outlives the suite it belongs to.
/// </summary>
internal sealed class AppHostWatcher(IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<AppHostWatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!int.TryParse(configuration["INTEGRATION_APPHOST_PID"], out var pid) || !OperatingSystem.IsLinux())
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!Directory.Exists($"/proc/{pid}"))
            {
                logger.LogWarning("The app host (pid {Pid}) is gone; stopping.", pid);
                lifetime.StopApplication();
                return;
            }
        }
    }
}
