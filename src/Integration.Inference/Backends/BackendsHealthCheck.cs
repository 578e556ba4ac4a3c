using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Integration.Inference.Backends;

/// <summary>
/// Degraded, not unhealthy, when an upstream backend is down: the embedded engine and fallbacks still serve.
/// The report names each backend and whether a GPU is visible.
/// </summary>
public sealed class BackendsHealthCheck(BackendSet backends, GpuProbe gpu) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probes = await backends.ProbeAsync(cancellationToken);
        var live = string.Join(", ", probes.Where(p => p.Live).Select(p => p.Name));
        var down = probes.Where(p => p.Configured && !p.Live).Select(p => p.Name).ToList();
        var unconfigured = probes.Where(p => !p.Configured).Select(p => p.Name).ToList();
        var summary = $"Live: {live}." +
                      (down.Count > 0 ? $" Down: {string.Join(", ", down)}." : "") +
                      (unconfigured.Count > 0 ? $" Not configured: {string.Join(", ", unconfigured)}." : "") +
                      $" GPU: {(gpu.Current.Visible ? string.Join("; ", gpu.Current.Devices) : $"none visible ({gpu.Current.Detail})")}.";
        return down.Count == 0 ? HealthCheckResult.Healthy(summary) : HealthCheckResult.Degraded(summary);
    }
}
