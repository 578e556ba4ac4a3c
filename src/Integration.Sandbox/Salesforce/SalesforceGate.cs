using System.Text.Json.Nodes;
using Integration.Sandbox.Faults;
using Microsoft.Extensions.Options;

namespace Integration.Sandbox.Salesforce;

/// <summary>Salesforce's REST authentication (a session from the token endpoint as a bearer token) and its usage header.</summary>
public sealed class SalesforceGate(FaultInjection faults, SalesforceSessions sessions, IOptions<SandboxOptions> options) : VendorGate(faults)
{
    protected override string Vendor => "salesforce";

    protected override async ValueTask<IResult?> Authenticate(HttpContext http)
    {
        if (!await sessions.ValidAsync(BearerToken(http)))
        {
            return TypedResults.Json(SalesforceSchema.Error("INVALID_SESSION_ID", "Session expired or invalid"), statusCode: 401);
        }

        var used = await sessions.CountCallAsync();
        var limit = options.Value.Salesforce.DailyApiRequests;
        http.Response.Headers["Sforce-Limit-Info"] = $"api-usage={used}/{limit}";
        return used > limit
            ? TypedResults.Json(SalesforceSchema.Error("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."), statusCode: 403)
            : null;
    }

    protected override IResult RateLimited(HttpContext http) =>
        TypedResults.Json(SalesforceSchema.Error("REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded."), statusCode: 429);

    protected override IResult ServerError(HttpContext http) =>
        TypedResults.Json(new JsonArray(new JsonObject { ["errorCode"] = "UNKNOWN_EXCEPTION", ["message"] = "An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)" }),
            statusCode: 500);
}

/// <summary>Faults only: the token endpoint has its own authentication (the client's credentials).</summary>
public sealed class SalesforceTokenGate(FaultInjection faults) : VendorGate(faults)
{
    protected override string Vendor => "salesforce";

    protected override ValueTask<IResult?> Authenticate(HttpContext http) => ValueTask.FromResult<IResult?>(null);

    protected override IResult RateLimited(HttpContext http) =>
        TypedResults.Json(new { error = "rate_limited", error_description = "too many requests" }, statusCode: 429);

    protected override IResult ServerError(HttpContext http) =>
        TypedResults.Json(new { error = "server_error", error_description = "unexpected error" }, statusCode: 500);
}
