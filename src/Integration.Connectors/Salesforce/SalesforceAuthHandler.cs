using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Integration.Connectors.Connections;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Integration.Connectors.Salesforce;

/// <summary>
/// Salesforce OAuth 2.0: a token from the connection's login URL (client credentials, or a JWT bearer assertion
/// signed with the connection's private key), kept and reused; requests go to the token's instance_url. A 401
/// INVALID_SESSION_ID gets one new token and one resend. A token endpoint that paces (429) or fails (5xx) sent nothing on:
/// the call answers 429 (retried after Retry-After, whatever its method) or fails as <see cref="LoginUnavailableException"/>.
/// </summary>
public sealed partial class SalesforceAuthHandler(string name, ConnectionOptions connection, ConnectionState state, IHttpClientFactory http, TimeProvider time) : DelegatingHandler
{
    public const string InstancePlaceholder = "http://salesforce-instance";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken); // the call may be sent twice
        }

        // Salesforce's daily allowance is the org's, shared with every other integration: once this connection has seen
        // it used up, it stops calling instead of adding refused calls (REQUEST_LIMIT_EXCEEDED) until the count drops.
        if (state.SalesforceUsage is { } usage && usage.Used >= usage.Limit)
        {
            throw new HttpRequestException($"Connection '{name}' stopped calling Salesforce: the org's daily API allowance is used up ({usage.Used}/{usage.Limit}).",
                null, HttpStatusCode.TooManyRequests);
        }

        var path = request.RequestUri!.PathAndQuery;
        HttpResponseMessage response;
        try
        {
            var session = state.SalesforceSession ?? await LoginAsync(null, cancellationToken);
            response = await base.SendAsync(Prepare(request, session, path), cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                response.Dispose();
                session = await LoginAsync(session, cancellationToken);
                response = await base.SendAsync(Prepare(request, session, path), cancellationToken);
            }
        }
        catch (LoginUnavailableException paced) when (paced.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // The call itself was not sent: answering the token endpoint's 429 lets the pipeline wait and send it again.
            var refused = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = request };
            refused.Headers.RetryAfter = paced.RetryAfter is { } wait ? new RetryConditionHeaderValue(wait) : null;
            return refused;
        }

        if (response.Headers.TryGetValues("Sforce-Limit-Info", out var limits) && UsageLimit().Match(limits.First()) is { Success: true } match)
        {
            state.SalesforceUsage = (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        return response;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"api-usage=(\d+)/(\d+)")]
    private static partial System.Text.RegularExpressions.Regex UsageLimit();

    private static HttpRequestMessage Prepare(HttpRequestMessage request, (string AccessToken, Uri InstanceUrl) session, string path)
    {
        request.RequestUri = new Uri(session.InstanceUrl.ToString().TrimEnd('/') + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private async Task<(string, Uri)> LoginAsync((string, Uri)? stale, CancellationToken cancellationToken)
    {
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            if (state.SalesforceSession is { } current && current != stale)
            {
                return current; // another call logged in meanwhile
            }

            using var login = new HttpRequestMessage(HttpMethod.Post, connection.BaseUrl.TrimEnd('/') + "/services/oauth2/token");
            if (!string.IsNullOrEmpty(connection.PrivateKeyPem))
            {
                login.Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    ["assertion"] = Assertion(),
                });
            }
            else
            {
                login.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(connection.ClientId ?? "")}:{Uri.EscapeDataString(connection.ClientSecret ?? "")}")));
                login.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
            }

            using var response = await http.CreateClient(ConnectionClients.LoginClientName).SendAsync(login, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                throw new LoginUnavailableException($"Connection '{name}' could not log in to Salesforce now: the token endpoint answered {(int)response.StatusCode}; nothing was sent.",
                    response.StatusCode, response.Headers.RetryAfter?.Delta);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"Connection '{name}' could not log in to Salesforce: {Describe(body)}", null, HttpStatusCode.Unauthorized);
            }

            using var token = JsonDocument.Parse(body);
            state.SalesforceSession = (token.RootElement.GetProperty("access_token").GetString()!, new Uri(token.RootElement.GetProperty("instance_url").GetString()!));
            return state.SalesforceSession.Value;
        }
        finally
        {
            state.Gate.Release();
        }
    }

    private string Assertion()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(connection.PrivateKeyPem);
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = connection.ClientId,
            Audience = connection.Audience ?? "https://login.salesforce.com",
            Claims = new Dictionary<string, object> { ["sub"] = connection.Username ?? "" },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(3),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa.ExportParameters(true)), SecurityAlgorithms.RsaSha256),
        });
    }

    // The OAuth error names what went wrong (invalid_client, invalid_grant) without any credential in it.
    private static string Describe(string body)
    {
        try
        {
            using var error = JsonDocument.Parse(body);
            return $"{error.RootElement.GetProperty("error").GetString()} ({error.RootElement.GetProperty("error_description").GetString()})";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "the token endpoint refused the login";
        }
    }
}
