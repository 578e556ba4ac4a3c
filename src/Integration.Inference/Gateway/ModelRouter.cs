using Integration.Inference.Backends;
using Integration.Inference.Registry;

namespace Integration.Inference.Gateway;

/// <summary>A call that was served: by which model, and which model it stood in for when a fallback answered.</summary>
/// <remarks>
/// A streamed answer keeps its backend slot and deadline until the stream ends: <see cref="Lease"/> is
/// disposed by whoever finishes reading it. Calls that return at once have no lease.
/// </remarks>
public sealed record Routed<T>(T Result, ModelDefinition Served, IModelBackend Backend, string? FallbackFrom, IDisposable? Lease = null);

/// <summary>
/// Runs a call on a model's backend, then on each fallback in turn when the backend is not configured,
/// saturated past its timeout, unreachable, failing or too slow. Caller errors (4xx) are not retried.
/// </summary>
public sealed class ModelRouter(ModelRegistry registry, BackendSet backends, ILogger<ModelRouter> logger)
{
    public (IModelBackend Backend, SemaphoreSlim Gate, BackendOptions Options) Backend(ModelDefinition model) => backends[model.Backend];

    public IReadOnlyList<ModelDefinition> Chain(ModelDefinition primary, string routingKey) =>
        [primary, .. primary.Fallback.Select(name => registry.Choose(registry.Find(name)!, routingKey))];

    public async Task<Routed<T>> RunAsync<T>(IReadOnlyList<ModelDefinition> chain, Func<IModelBackend, ModelDefinition, CancellationToken, Task<T>> call,
        CancellationToken cancellationToken, bool leaseUntilDisposed = false)
    {
        var failures = new List<(ModelDefinition Model, int Status, string Reason)>();
        foreach (var model in chain)
        {
            var (backend, gate, options) = backends[model.Backend];
            if (!backend.Configured)
            {
                failures.Add((model, 503, $"backend '{backend.Name}' is not configured (no endpoint)"));
                continue;
            }

            var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.Timeout);
            var entered = false;
            var leased = false;
            try
            {
                await gate.WaitAsync(deadline.Token);
                entered = true;
                var result = await call(backend, model, deadline.Token);
                leased = leaseUntilDisposed;
                return new Routed<T>(result, model, backend, model == chain[0] ? null : chain[0].Name, leased ? new Lease(gate, deadline) : null);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add((model, 504, entered
                    ? $"backend '{backend.Name}' did not answer within {options.Timeout.TotalSeconds:0.#} s"
                    : $"backend '{backend.Name}' is at its concurrency limit ({options.MaxConcurrency}) for {options.Timeout.TotalSeconds:0.#} s"));
            }
            catch (GatewayException e) when (e.Status < 500)
            {
                throw;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var status = e is HttpRequestException { StatusCode: null } or GatewayException { Status: 503 } ? 503 : 502;
                failures.Add((model, status, $"backend '{backend.Name}' failed: {e.Message}"));
            }
            finally
            {
                if (!leased)
                {
                    if (entered)
                    {
                        gate.Release();
                    }

                    deadline.Dispose();
                }
            }

            logger.LogWarning("Model {Model} on backend {Backend} failed ({Reason}); {Next}", model.Name, backend.Name, failures[^1].Reason,
                model == chain[^1] ? "no fallback left" : "trying the next fallback");
        }

        var detail = string.Join("; ", failures.Select(f => $"model '{f.Model.Name}': {f.Reason}"));
        throw new GatewayException(failures[0].Status, detail, failures[0].Status == 503 && failures.Any(f => f.Reason.Contains("not ready")) ? "model_not_ready" : "backend_unavailable");
    }

    private sealed class Lease(SemaphoreSlim gate, CancellationTokenSource deadline) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Release();
                deadline.Dispose();
            }
        }
    }
}
