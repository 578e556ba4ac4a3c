using Integration.Sandbox.Faults;

namespace Integration.Sandbox;

/// <summary>
/// What stands in front of every vendor endpoint: the configured latency and faults (answered in the
/// vendor's own error shape), then the vendor's own authentication. Our suite's JWT plays no part here.
/// </summary>
public abstract class VendorGate(FaultInjection faults) : IEndpointFilter
{
    protected abstract string Vendor { get; }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (fault, settings) = faults.Next(Vendor);
        if (settings.LatencyMs > 0 && settings.AppliesTo(Vendor))
        {
            await Task.Delay(settings.LatencyMs, http.RequestAborted);
        }

        switch (fault)
        {
            case Fault.RateLimited:
                http.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return RateLimited(http);
            case Fault.ServerError:
                return ServerError(http);
        }

        return await Authenticate(http) ?? await next(context);
    }

    /// <summary>Null when the caller's vendor credentials are good; otherwise the vendor's refusal.</summary>
    protected abstract ValueTask<IResult?> Authenticate(HttpContext http);

    protected abstract IResult RateLimited(HttpContext http);

    protected abstract IResult ServerError(HttpContext http);

    /// <summary>"user:password" from a Basic authorization header, or null.</summary>
    public static (string User, string Secret)? BasicCredentials(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':');
            return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    protected static string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    /// <summary>Compares secrets in constant time, so that timing does not tell how much of a guess was right.</summary>
    protected static bool SameSecret(string? given, string expected) =>
        given is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(expected));

    /// <summary>
    /// The request body as a JSON object, or null when it is not one (each vendor answers that in its own words): not JSON,
    /// or JSON no vendor's parser takes (invalid text, numbers beyond a double, a member named twice; see StrictJson).
    /// Read after the vendor's authentication, so that an unauthenticated caller learns nothing of its body.
    /// </summary>
    public static async Task<System.Text.Json.Nodes.JsonObject?> ReadObjectAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (Integration.ServiceDefaults.Json.StrictJson.Check(body.Span) is not null)
        {
            return null;
        }

        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(body.Span) as System.Text.Json.Nodes.JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static string BaseUrl(HttpContext http, SandboxOptions options) =>
        (options.PublicUrl ?? $"{http.Request.Scheme}://{http.Request.Host}").TrimEnd('/');
}
