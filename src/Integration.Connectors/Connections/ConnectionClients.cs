using System.Net;
using Integration.Connectors.Salesforce;
using Integration.Connectors.Sap;
using Integration.Connectors.Zendesk;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Integration.Connectors.Connections;

/// <summary>
/// One HttpClient per connection: its own concurrency limit, retries with jittered backoff that honour
/// Retry-After, a circuit breaker and a per-attempt timeout, then the vendor's authentication. Retries repeat
/// only what is safe to repeat: reads, writes the vendor itself deduplicates (an Idempotency-Key), and any request
/// the vendor refused with 429 before doing anything. A PUT is not taken as safe: Zendesk adds a comment with one.
/// </summary>
public static class ConnectionClients
{
    public const string LoginClientName = "connector-login";

    public static string ClientName(string connection) => $"connection:{connection}";

    public static void AddConnectionClients(this IServiceCollection services, ConnectorOptions options)
    {
#pragma warning disable EXTEXP0001 // connections bring their own resilience; the suite default would retry on top of it
        services.AddHttpClient(LoginClientName).RemoveAllResilienceHandlers();
        foreach (var (name, connection) in options.Connections)
        {
            var client = services.AddHttpClient(ClientName(name), http =>
                {
                    http.BaseAddress = new Uri(connection.Kind == ConnectionKind.Salesforce ? SalesforceAuthHandler.InstancePlaceholder : connection.BaseUrl.TrimEnd('/') + "/");
                    http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's per-attempt timeout governs
                })
                .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
            client.AddResilienceHandler($"connection-{name}", pipeline => Resilience(pipeline, connection));
            client.AddHttpMessageHandler(sp => connection.Kind switch
            {
                ConnectionKind.Zendesk => new ZendeskAuthHandler(connection),
                ConnectionKind.Salesforce => new SalesforceAuthHandler(name, connection, sp.GetRequiredService<ConnectionStates>().For(name),
                    sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>()),
                _ => new SapAuthHandler(connection, sp.GetRequiredService<ConnectionStates>().For(name)),
            });
        }
    }

    private static void Resilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ConnectionOptions connection)
    {
        pipeline.AddConcurrencyLimiter(connection.MaxConcurrency, queueLimit: connection.MaxConcurrency * 16);
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, connection.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = connection.MaxRetryAfter,
            ShouldRetryAfterHeader = true,
            ShouldHandle = args => ValueTask.FromResult(connection.MaxRetries > 0 && ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
        });
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = connection.CircuitFailureRatio,
            MinimumThroughput = connection.CircuitMinimumCalls,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = connection.CircuitBreakFor,
            // A 429 is the vendor pacing us, not failing: it does not count toward opening the circuit.
            ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
        });
        pipeline.AddTimeout(connection.Timeout);
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        // Refused before anything was done (the vendor pacing us, or a login that failed before the call was sent): safe to repeat.
        if (outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests || outcome.Exception is LoginUnavailableException)
        {
            return true;
        }

        var repeatable = request is not null && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Headers.Contains("Idempotency-Key"));
        return repeatable && IsFailure(outcome);
    }

    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException ||
        outcome.Result is { StatusCode: >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout };
}
