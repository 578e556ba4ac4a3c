using System.Diagnostics;
using Integration.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Integration.Hosting.Orchestration;

/// <summary>
/// Run mode: checks what must hold, gives every endpoint a port, starts resources as soon as what they
/// wait for is healthy, reports their state, and on shutdown stops services before the stores they write to.
/// </summary>
internal sealed class Orchestrator(
    IReadOnlyList<IResource> resources,
    HostingOptions options,
    DistributedApplicationExecutionContext executionContext,
    ResourceNotificationService notifications,
    ResourceLogs logs,
    IHostEnvironment hostEnvironment,
    IConfiguration configuration,
    ILogger<Orchestrator> logger) : IHostedService
{
    private readonly Dictionary<IResource, List<ManagedProcess>> _processes = [];
    private readonly Dictionary<EndpointAnnotation, int[]> _replicaPorts = [];
    private readonly List<ReplicaProxy> _proxies = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _startup = Task.CompletedTask;
    private string _stateDirectory = "";
    private StateDirectoryLock? _lock;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (executionContext.IsPublishMode)
        {
            return Task.CompletedTask;
        }

        _stateDirectory = options.ResolveStateDirectory();
        Directory.CreateDirectory(_stateDirectory);
        _lock = StateDirectoryLock.Acquire(_stateDirectory);
        if (_lock.TookOverStale)
        {
            // The previous app host died without stopping its children; whatever it left is ours to stop.
            foreach (var redis in resources.OfType<RedisResource>())
            {
                LeftoverProcess.StopIfRunning(LaunchSpec.RedisPidFile(_stateDirectory, redis), "redis-server", logger);
            }
        }

        try
        {
            Preflight.Check(resources, options);
        }
        catch (DistributedApplicationException)
        {
            _lock.Dispose();
            throw;
        }

        AllocateEndpoints();
        logs.SetPrefixWidth(resources.Max(r => r.Name.Length + (r.Replicas() > 1 ? 2 : 0)));
        _startup = StartAllAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private void AllocateEndpoints()
    {
        var taken = new HashSet<int>();
        int Take(int? fixedPort)
        {
            var port = !options.RandomizePorts && fixedPort is int p ? p : FreePortNotIn(taken);
            taken.Add(port);
            return port;
        }

        foreach (var resource in resources)
        {
            foreach (var endpoint in resource.Endpoints())
            {
                endpoint.Allocated = new AllocatedEndpoint(PortAllocator.Host.ToString(), Take(endpoint.Port), endpoint.Scheme);
                if (resource.Replicas() > 1)
                {
                    _replicaPorts[endpoint] = [.. Enumerable.Range(0, resource.Replicas()).Select(_ => Take(null))];
                }
            }
        }
    }

    private static int FreePortNotIn(HashSet<int> taken)
    {
        while (true)
        {
            var port = PortAllocator.FreePort();
            if (!taken.Contains(port))
            {
                return port;
            }
        }
    }

    private int PortOf(EndpointAnnotation endpoint, int replica) =>
        _replicaPorts.TryGetValue(endpoint, out var ports) ? ports[replica] : endpoint.Allocated!.Port;

    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(resources.Select(r => StartResourceAsync(r, cancellationToken)));
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        var snapshot = notifications.Snapshot();
        var healthy = snapshot.All(s => s.State == ResourceState.Healthy);
        logger.Log(healthy ? LogLevel.Information : LogLevel.Error,
            healthy ? "All {Count} resources are healthy after {Seconds:F1} s." : "Not every one of the {Count} resources started ({Seconds:F1} s).",
            snapshot.Count, clock.Elapsed.TotalSeconds);
        logs.WriteBlock(ResourceTable.Format(snapshot) + (healthy ? "\n  Press Ctrl+C to stop everything." : ""));
    }

    private async Task StartResourceAsync(IResource resource, CancellationToken cancellationToken)
    {
        if (resource is ParameterResource or ConnectionStringResource)
        {
            notifications.Publish(resource.Name, ResourceState.Healthy);
            return;
        }

        try
        {
            var dependencies = resource.WaitsFor().ToList();
            if (dependencies.Count > 0)
            {
                notifications.Publish(resource.Name, ResourceState.Waiting, message: "waiting for " + string.Join(", ", dependencies.Select(d => d.Name)));
                foreach (var dependency in dependencies)
                {
                    try
                    {
                        await notifications.WaitForResourceHealthyAsync(dependency.Name, cancellationToken);
                    }
                    catch (DistributedApplicationException)
                    {
                        notifications.Publish(resource.Name, ResourceState.FailedToStart, message: $"not started: '{dependency.Name}' did not become healthy");
                        return;
                    }
                }
            }

            notifications.Publish(resource.Name, ResourceState.Starting);
            var started = LaunchReplicas(resource);
            var url = resource.Endpoints().FirstOrDefault()?.Allocated?.Url;
            notifications.Publish(resource.Name, ResourceState.Running, url);
            await ProbeUntilHealthyAsync(resource, started, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException or DistributedApplicationException or System.Net.Sockets.SocketException)
        {
            logs.Note(resource.Name, "failed to start: " + ex.Message);
            notifications.Publish(resource.Name, ResourceState.FailedToStart, message: ex.Message);
        }
    }

    private List<ManagedProcess> LaunchReplicas(IResource resource)
    {
        var replicas = resource.Replicas();
        foreach (var endpoint in resource.Endpoints().Where(_replicaPorts.ContainsKey))
        {
            var proxy = new ReplicaProxy(endpoint.Allocated!.Port, _replicaPorts[endpoint]);
            proxy.Start();
            lock (_proxies)
            {
                _proxies.Add(proxy);
            }
        }

        var started = new List<ManagedProcess>();
        for (var replica = 0; replica < replicas; replica++)
        {
            var spec = LaunchSpec.For(resource, replica, PortOf, _stateDirectory, hostEnvironment, configuration);
            var displayName = replicas > 1 ? $"{resource.Name}#{replica}" : resource.Name;
            var process = ManagedProcess.Start(spec.FileName, spec.Args, spec.WorkingDirectory, spec.Environment, logs, resource.Name, displayName);
            logs.Note(resource.Name, $"started {displayName} (pid {process.Id})");
            started.Add(process);
            _ = ReportExitAsync(resource, displayName, process);
        }

        lock (_processes)
        {
            _processes[resource] = started;
        }

        return started;
    }

    private async Task ReportExitAsync(IResource resource, string displayName, ManagedProcess process)
    {
        var code = await process.Exited;
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        logs.Note(resource.Name, $"{displayName} exited with code {code}");
        var state = notifications.Get(resource.Name).State;
        notifications.Publish(resource.Name, state is ResourceState.Healthy ? ResourceState.Exited : ResourceState.FailedToStart,
            message: $"{displayName} exited with code {code}");
    }

    private async Task ProbeUntilHealthyAsync(IResource resource, List<ManagedProcess> processes, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (!cancellationToken.IsCancellationRequested)
        {
            if (processes.FirstOrDefault(p => p.HasExited) is not null)
            {
                return; // ReportExitAsync has said why.
            }

            var checks = processes.Select((_, replica) => HealthProbe.IsHealthyAsync(resource, replica, PortOf, http, cancellationToken));
            if ((await Task.WhenAll(checks)).All(ok => ok))
            {
                logs.Note(resource.Name, $"healthy after {deadline.Elapsed.TotalSeconds:F1} s");
                notifications.Publish(resource.Name, ResourceState.Healthy);
                return;
            }

            if (deadline.Elapsed > options.ResourceStartupTimeout)
            {
                notifications.Publish(resource.Name, ResourceState.FailedToStart,
                    message: $"not healthy within {options.ResourceStartupTimeout.TotalSeconds:F0} s");
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(150), cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _startup;
        }
        catch (OperationCanceledException)
        {
        }

        List<KeyValuePair<IResource, List<ManagedProcess>>> running;
        lock (_processes)
        {
            running = [.. _processes];
        }

        // Services first, so that they can flush to Redis; the stores last.
        foreach (var layer in running.GroupBy(r => r.Key is RedisResource).OrderBy(g => g.Key))
        {
            await Task.WhenAll(layer.Select(async entry =>
            {
                notifications.Publish(entry.Key.Name, ResourceState.Stopping);
                await Task.WhenAll(entry.Value.Select(p => p.StopAsync(options.ShutdownTimeout)));
                foreach (var process in entry.Value)
                {
                    await process.DisposeAsync();
                }

                notifications.Publish(entry.Key.Name, ResourceState.Stopped);
            }));
        }

        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync();
        }

        _lock?.Dispose();
    }
}
