using System.Net;
using System.Text.Json.Nodes;
using Integration.Connectors.Connections;
using Integration.Connectors.Errors;
using Integration.Connectors.Idempotency;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using Refit;

namespace Integration.Connectors.Catalog;

/// <summary>
/// Carries out one operation: the idempotency key first (a repeat returns the first result and touches nothing),
/// then the call through the connection, with every kind of failure turned into one <see cref="ConnectorException"/>.
/// </summary>
public sealed class OperationInvoker(ConnectionApis apis, IdempotencyStore idempotency, ConnectorOptions options, TimeProvider time, ILogger<OperationInvoker> logger)
{
    public async Task<(JsonNode Result, bool Replayed)> InvokeAsync(Operation operation, OperationCall call, CancellationToken cancellationToken)
    {
        var fingerprint = IdempotencyStore.Fingerprint(operation.Descriptor.Name, call.Connection, call.Input);
        if (call.IdempotencyKey is { } key)
        {
            var (outcome, earlier) = await idempotency.ClaimAsync(key, fingerprint, options.IdempotencyWindow);
            if (outcome == ClaimOutcome.InProgress)
            {
                // The same call is under way (a caller that retried, or resumed after a crash, while the first still runs):
                // wait for its result rather than refuse, so that the repeat gets exactly what the first did.
                (outcome, earlier) = await WaitForFirstCallAsync(key, fingerprint, cancellationToken);
            }

            switch (outcome)
            {
                case ClaimOutcome.Completed:
                    return (earlier!, true);
                case ClaimOutcome.InProgress:
                    throw new ConnectorException(409, call.Connection, $"A call with idempotency key '{key}' is still running; ask again when it has finished.");
                case ClaimOutcome.Mismatch:
                    throw new ConnectorException(422, call.Connection, $"Idempotency key '{key}' was used before for a different operation or input.");
                case ClaimOutcome.Unknown:
                    throw new ConnectorException(409, call.Connection,
                        $"The first call with idempotency key '{key}' failed without a clear answer from the SaaS; check whether it took effect before retrying with a new key.");
            }
        }

        try
        {
            var result = await operation.Invoke(call, apis, cancellationToken);
            if (call.IdempotencyKey is { } done)
            {
                await idempotency.CompleteAsync(done, fingerprint, result, options.IdempotencyWindow);
            }

            return (result, false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away during a read: nothing was changed, the key may be used again.
            if (call.IdempotencyKey is { } abandoned)
            {
                await idempotency.ReleaseAsync(abandoned);
            }

            throw;
        }
        catch (Exception e)
        {
            var failure = Translate(e, call.Connection);
            if (call.IdempotencyKey is { } failed)
            {
                // A refusal (4xx, an open circuit, a full queue) changed nothing; a timeout or a 5xx on a write may have.
                var ambiguous = operation.Descriptor.Writes && failure.Status is 502 or 504 && failure.VendorStatus is null or >= 500;
                await (ambiguous ? idempotency.MarkUnknownAsync(failed, fingerprint, options.IdempotencyWindow) : idempotency.ReleaseAsync(failed));
            }

            logger.LogWarning("Operation {Operation} on connection {Connection} failed: {Status} {Message}", operation.Descriptor.Name, call.Connection, failure.Status, failure.Message);
            throw failure;
        }
    }

    private async Task<(ClaimOutcome, JsonNode?)> WaitForFirstCallAsync(string key, string fingerprint, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.InProgressWait;
        var pause = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            await Task.Delay(pause, time, cancellationToken);
            var (outcome, result) = await idempotency.ClaimAsync(key, fingerprint, options.IdempotencyWindow);
            if (outcome != ClaimOutcome.InProgress || time.GetUtcNow() >= deadline)
            {
                // Claimed means the first call was refused and gave its key back: this one may run.
                return outcome == ClaimOutcome.Claimed ? (outcome, null) : (outcome, result);
            }

            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(500).Ticks));
        }
    }

    private ConnectorException Translate(Exception exception, string connection)
    {
        var kind = apis.Options(connection).Kind;
        return exception switch
        {
            ConnectorException known => known,
            ApiException api => VendorErrors.From(connection, kind, (int)api.StatusCode, api.Content),
            // Refit wraps what happened on the way (an open circuit, a timeout, a refused connection) in its own exception.
            ApiRequestException { InnerException: { } inner } => Translate(inner, connection),
            BrokenCircuitException => new ConnectorException(503, connection, $"Connection '{connection}' is paused after repeated failures of {kind}; calls resume after a short break."),
            RateLimiterRejectedException => new ConnectorException(503, connection, $"Connection '{connection}' has too many calls waiting; try again shortly."),
            TimeoutRejectedException or TaskCanceledException => new ConnectorException(504, connection, $"{kind} did not answer in time (connection '{connection}')."),
            Salesforce.LoginUnavailableException login => new ConnectorException((int)login.StatusCode! == 429 ? 429 : 503, connection, login.Message),
            HttpRequestException { StatusCode: HttpStatusCode.Unauthorized } login => new ConnectorException(401, connection, login.Message),
            HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests } allowance => new ConnectorException(429, connection, allowance.Message),
            HttpRequestException network => new ConnectorException(502, connection, $"{kind} could not be reached (connection '{connection}'): {network.Message}"),
            _ => new ConnectorException(502, connection, $"The call to {kind} failed (connection '{connection}'): {exception.GetType().Name}"),
        };
    }
}
