using System.Net;

namespace Integration.Connectors.Salesforce;

/// <summary>The token endpoint paced (429) or failed (5xx) the login: the call it was for was not sent, so it may be sent again as it is.</summary>
public sealed class LoginUnavailableException(string message, HttpStatusCode status, TimeSpan? retryAfter) : HttpRequestException(message, null, status)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
