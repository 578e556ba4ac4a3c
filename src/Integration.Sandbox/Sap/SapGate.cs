using System.Security.Cryptography;
using Integration.Sandbox.Faults;
using Integration.Sandbox.Store;
using Microsoft.Extensions.Options;

namespace Integration.Sandbox.Sap;

/// <summary>
/// SAP Gateway's basic authentication and CSRF protection: a GET or HEAD with <c>X-CSRF-Token: Fetch</c> gets a
/// token and a session cookie; every write must bring both, or gets 403 with <c>X-CSRF-Token: Required</c>.
/// </summary>
public sealed class SapGate(FaultInjection faults, EntityStore store, IOptions<SandboxOptions> options) : VendorGate(faults)
{
    public const string SessionCookie = "SAP_SESSIONID_S4H_100";

    protected override string Vendor => "sap";

    protected override async ValueTask<IResult?> Authenticate(HttpContext http)
    {
        var sap = options.Value.Sap;
        if (BasicCredentials(http) is not { } credentials || credentials.User != sap.User || !SameSecret(credentials.Secret, sap.Password))
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"SAP NetWeaver Application Server [S4H/100]\"";
            return TypedResults.Text("Logon failed", "text/plain", statusCode: 401);
        }

        var method = http.Request.Method;
        var csrf = http.Request.Headers["X-CSRF-Token"].ToString();
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            if (string.Equals(csrf, "Fetch", StringComparison.OrdinalIgnoreCase))
            {
                var session = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
                var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
                await store.RememberAsync($"sap:csrf:{session}", token, TimeSpan.FromMinutes(30));
                http.Response.Headers["X-CSRF-Token"] = token;
                http.Response.Cookies.Append(SessionCookie, session, new CookieOptions { HttpOnly = true, Path = "/" });
            }

            return null;
        }

        var cookie = http.Request.Cookies[SessionCookie];
        var expected = cookie is null ? null : await store.RecallAsync($"sap:csrf:{cookie}");
        if (expected is null || !SameSecret(csrf, expected))
        {
            http.Response.Headers["X-CSRF-Token"] = "Required";
            return TypedResults.Text(expected is null && cookie is not null ? "CSRF Token expired" : "CSRF token validation failed", "text/plain", statusCode: 403);
        }

        return null;
    }

    protected override IResult RateLimited(HttpContext http) =>
        TypedResults.Json(ODataV2.Error("/IWFND/CM_MGW/429", "Too many requests", Service(http)), statusCode: 429);

    protected override IResult ServerError(HttpContext http) =>
        TypedResults.Json(ODataV2.Error("/IWFND/CM_BEC/076", "Backend system is not available", Service(http)), statusCode: 503);

    private static string Service(HttpContext http) => http.Request.RouteValues["service"]?.ToString() ?? "";
}
