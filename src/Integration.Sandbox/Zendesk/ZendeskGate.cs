using Integration.Sandbox.Faults;
using Microsoft.Extensions.Options;

namespace Integration.Sandbox.Zendesk;

/// <summary>
/// Zendesk's authentication (API token as Basic "{email}/token:{token}", or an OAuth bearer token equal to
/// the API token here) and its rate-limit headers, with a real per-minute limit.
/// </summary>
public sealed class ZendeskGate(FaultInjection faults, IOptions<SandboxOptions> options, PerMinuteLimits limits) : VendorGate(faults)
{
    protected override string Vendor => "zendesk";

    protected override ValueTask<IResult?> Authenticate(HttpContext http)
    {
        var zendesk = options.Value.Zendesk;
        var basic = BasicCredentials(http);
        var authenticated = basic is { } credentials
            ? credentials.User == $"{zendesk.Email}/token" && SameSecret(credentials.Secret, zendesk.ApiToken)
            : SameSecret(BearerToken(http), zendesk.ApiToken);
        if (!authenticated)
        {
            return ValueTask.FromResult<IResult?>(TypedResults.Json(new { error = "Couldn't authenticate you" }, statusCode: 401));
        }

        var (used, reset) = limits.Count("zendesk");
        var limit = zendesk.RequestsPerMinute;
        http.Response.Headers["X-Rate-Limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["X-Rate-Limit-Remaining"] = Math.Max(0, limit - used).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (used > limit)
        {
            http.Response.Headers.RetryAfter = reset.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ValueTask.FromResult<IResult?>(RateLimited(http));
        }

        return ValueTask.FromResult<IResult?>(null);
    }

    // Zendesk answers 429 in plain text, not JSON.
    protected override IResult RateLimited(HttpContext http) =>
        TypedResults.Text("Rate limit for ticket updates exceeded, please wait before updating this ticket again", "text/plain", statusCode: 429);

    protected override IResult ServerError(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Json(new { error = "DatabaseTimeout", description = "The database timed out; retry the request." }, statusCode: 503);
    }
}
