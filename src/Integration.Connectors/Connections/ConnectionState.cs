using System.Collections.Concurrent;

namespace Integration.Connectors.Connections;

/// <summary>
/// What a connection keeps between calls (a Salesforce session, an SAP CSRF token and cookie), outside the
/// HTTP handlers, which the client factory recycles every few minutes.
/// </summary>
public sealed class ConnectionState
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public (string AccessToken, Uri InstanceUrl)? SalesforceSession { get; set; }

    public (string Token, string? Cookie)? SapCsrf { get; set; }

    /// <summary>Salesforce's last Sforce-Limit-Info: API calls used today and the org's daily allowance.</summary>
    public (long Used, long Limit)? SalesforceUsage { get; set; }
}

public sealed class ConnectionStates
{
    private readonly ConcurrentDictionary<string, ConnectionState> _states = new(StringComparer.Ordinal);

    public ConnectionState For(string connection) => _states.GetOrAdd(connection, _ => new ConnectionState());
}
