using Integration.Inference.Registry;

namespace Integration.Inference.Backends;

/// <summary>Every configured backend with its concurrency gate, and the latest probe of each.</summary>
public sealed class BackendSet
{
    private readonly Dictionary<string, (IModelBackend Backend, SemaphoreSlim Gate, BackendOptions Options)> _backends = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private (DateTimeOffset At, IReadOnlyList<BackendProbe> Probes)? _lastProbe;

    public BackendSet(InferenceOptions options, EmbeddedBackend embedded, IHttpClientFactory http, TimeProvider time)
    {
        _time = time;
        var embeddedOptions = options.Backends.GetValueOrDefault(EmbeddedBackend.BackendName) ?? new BackendOptions { MaxConcurrency = 64, Timeout = TimeSpan.FromSeconds(30) };
        Add(embedded, embeddedOptions);
        foreach (var (name, backend) in options.Backends.Where(b => b.Value.Kind != BackendKind.Embedded))
        {
            Add(new UpstreamBackend(name, backend, http, time), backend);
        }
    }

    public IEnumerable<IModelBackend> All => _backends.Values.Select(b => b.Backend);

    public (IModelBackend Backend, SemaphoreSlim Gate, BackendOptions Options) this[string name] => _backends[name];

    /// <summary>Probes all backends, at most every 5 seconds: callers (/api/ps, health) share one answer.</summary>
    public async Task<IReadOnlyList<BackendProbe>> ProbeAsync(CancellationToken cancellationToken)
    {
        if (_lastProbe is { } last && _time.GetUtcNow() - last.At < TimeSpan.FromSeconds(5))
        {
            return last.Probes;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        var probes = await Task.WhenAll(All.Select(b => b.ProbeAsync(timeout.Token)));
        _lastProbe = (_time.GetUtcNow(), probes);
        return probes;
    }

    private void Add(IModelBackend backend, BackendOptions options) =>
        _backends[backend.Name] = (backend, new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency), options);
}
