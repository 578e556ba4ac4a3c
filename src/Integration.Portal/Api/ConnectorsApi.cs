namespace Integration.Portal.Api;

/// <summary>The connector service, as the signed-in integrator: connections and their test, the operation catalog, recent trigger events.</summary>
public sealed class ConnectorsApi(HttpClient http, UserToken token) : ServiceApi(http, token, "connector")
{
    public Task<List<ConnectionInfo>> ConnectionsAsync(CancellationToken ct = default) => GetAsync<List<ConnectionInfo>>("/v1/connections", ct);

    public Task<ConnectionTestResult> TestAsync(string name) => PostAsync<ConnectionTestResult>($"/v1/connections/{Uri.EscapeDataString(name)}/test", null);

    public Task<List<OperationInfo>> CatalogAsync(CancellationToken ct = default) => GetAsync<List<OperationInfo>>("/v1/catalog", ct);

    public Task<EventListingInfo> EventsAsync(int count, CancellationToken ct = default) => GetAsync<EventListingInfo>($"/v1/events?count={count}", ct);

    /// <summary>The newest events of one type (without their data): sample events for a test run, which the workflow service reads whole by id.</summary>
    public Task<EventListingInfo> EventsOfTypeAsync(string type, int count, CancellationToken ct = default) =>
        GetAsync<EventListingInfo>($"/v1/events?count={count}&type={Uri.EscapeDataString(type)}", ct);

    public Task<List<DeadLetterInfo>> DeadLettersAsync(CancellationToken ct = default) => GetAsync<List<DeadLetterInfo>>("/v1/events/dead-letters", ct);

    public Task<DeadLetterInfo> ResubmitAsync(string id) => PostAsync<DeadLetterInfo>($"/v1/events/dead-letters/{Uri.EscapeDataString(id)}/resubmit", null);

    public Task DiscardAsync(string id) => DeleteAsync($"/v1/events/dead-letters/{Uri.EscapeDataString(id)}");
}
