using System.Net;
using System.Text.Json;

namespace Integration.ServiceDefaults.Redis;

/// <summary>What a target made of one outbox message: taken, or refused for good (the message itself is wrong).</summary>
/// <param name="Status">The target's HTTP status when it refused.</param>
/// <param name="Reason">Why, in the target's words (its ProblemDetails' errors or detail), never the message's content.</param>
public sealed record Delivery(bool Taken, int? Status = null, string? Reason = null)
{
    public static readonly Delivery Done = new(true);

    public static Delivery Refused(int status, string reason) => new(false, status, reason);

    /// <summary>
    /// The target's answer as a delivery: 2xx taken; a 4xx that says the message is wrong (400, 409, 413, 415, 422 ...)
    /// refused for good; anything else thrown, to be tried again: 5xx, 408 and 429 pass, and 401, 403 and 404 say the
    /// sender or the target is set up wrongly (a token, an address), which a person fixes without losing the message.
    /// </summary>
    public static async Task<Delivery> OfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return Done;
        }

        if (status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized
                or HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
        {
            return Refused(status, Why(await response.Content.ReadAsStringAsync(cancellationToken)));
        }

        throw new HttpRequestException($"{response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Authority)} answered {status}", null, response.StatusCode);
    }

    /// <summary>A ProblemDetails' errors by path (or its detail or title); a body that is not one says nothing.</summary>
    private static string Why(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "The target refused it.";
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                return string.Join(" ", errors.EnumerateObject().Select(e => $"{e.Name}: {string.Join(" ", e.Value.EnumerateArray().Select(m => m.ToString()))}"));
            }

            return (root.TryGetProperty("detail", out var detail) || root.TryGetProperty("title", out detail)) && detail.ValueKind == JsonValueKind.String
                ? detail.GetString()! : "The target refused it.";
        }
        catch (JsonException)
        {
            return "The target refused it.";
        }
    }
}

/// <summary>A message its target refused for good, kept (encrypted) until a person resubmits or discards it.</summary>
/// <param name="Id">The outbox entry it was.</param>
public sealed record DeadLetter<T>(string Id, T Message, int? Status, string Reason, DateTimeOffset At) where T : class;
