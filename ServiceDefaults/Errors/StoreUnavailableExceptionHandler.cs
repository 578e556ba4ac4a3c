using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using StackExchange.Redis;

namespace Integration.ServiceDefaults.Errors;

/// <summary>
/// Redis away (restarting, unreachable) is not the caller's fault nor a bug: 503 with Retry-After, as ProblemDetails,
/// so that a client tries again instead of giving up. Found anywhere in the exception's chain (a grain's storage call
/// wraps it).
/// </summary>
public sealed class StoreUnavailableExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsStoreUnavailable(exception))
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The suite's store is not reachable.",
                Detail = $"Redis did not answer; the request was not completed. Try again in {RetryAfterSeconds} seconds.",
                Instance = context.Request.Path,
            },
        });
    }

    // What a Redis that is there but cannot serve yet answers: loading its data after a restart, a replica without its
    // primary, a script running too long, a cluster slot moving. Each passes by itself.
    private static readonly string[] PassingStates = ["LOADING", "MASTERDOWN", "BUSY", "TRYAGAIN"];

    public static bool IsStoreUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RedisConnectionException or RedisTimeoutException ||
                (e is RedisServerException server && PassingStates.Any(state => server.Message.StartsWith(state + " ", StringComparison.Ordinal))) ||
                (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsStoreUnavailable)))
            {
                return true;
            }
        }

        return false;
    }
}
