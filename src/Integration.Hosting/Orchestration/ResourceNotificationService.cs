using Integration.Hosting.ApplicationModel;

namespace Integration.Hosting.Orchestration;

public enum ResourceState { Pending, Waiting, Starting, Running, Healthy, FailedToStart, Exited, Stopping, Stopped }

public sealed record ResourceSnapshot(string Name, string Type, ResourceState State, string? Url, string? Message)
{
    public bool IsTerminalFailure => State is ResourceState.FailedToStart or ResourceState.Exited;
}

/// <summary>Current state of every resource, and a way to wait for one to become healthy.</summary>
public sealed class ResourceNotificationService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceSnapshot> _states = [];
    private readonly ResourceLogs _logs;
    private TaskCompletionSource _changed = NewSignal();

    public ResourceNotificationService(IReadOnlyList<IResource> resources, ResourceLogs logs)
    {
        _logs = logs;
        foreach (var resource in resources)
        {
            _states[resource.Name] = new ResourceSnapshot(resource.Name, DistributedApplicationBuilder.Describe(resource), ResourceState.Pending, null, null);
        }
    }

    public IReadOnlyList<ResourceSnapshot> Snapshot()
    {
        lock (_gate)
        {
            return [.. _states.Values];
        }
    }

    public ResourceSnapshot Get(string name)
    {
        lock (_gate)
        {
            return _states.TryGetValue(name, out var state)
                ? state
                : throw new DistributedApplicationException($"There is no resource named '{name}'.");
        }
    }

    internal void Publish(string name, ResourceState state, string? url = null, string? message = null)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            var previous = _states[name];
            _states[name] = previous with { State = state, Url = url ?? previous.Url, Message = message };
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    public Task WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default) =>
        WaitForAsync(name, s => s.State == ResourceState.Healthy, cancellationToken);

    public async Task WaitForAllHealthyAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in Snapshot().Select(s => s.Name))
        {
            await WaitForResourceHealthyAsync(name, cancellationToken);
        }
    }

    /// <summary>Completes when <paramref name="condition"/> holds; throws with the resource's last log lines if it fails instead.</summary>
    public async Task WaitForAsync(string name, Func<ResourceSnapshot, bool> condition, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            var state = Get(name);
            if (condition(state))
            {
                return;
            }

            if (state.IsTerminalFailure)
            {
                var recent = _logs.Recent(name);
                throw new DistributedApplicationException(
                    $"Resource '{name}' is {state.State}: {state.Message}" +
                    (recent.Count > 0 ? "\nLast output:\n" + string.Join('\n', recent.TakeLast(40)) : ""));
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
