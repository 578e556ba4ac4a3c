namespace Integration.Portal.Api;

/// <summary>The connector service, as the signed-in integrator: connections and their test, the operation catalog, recent trigger events.</summary>
public sealed class ConnectorsApi(HttpClient http, UserToken token) : ServiceApi(http, token, "connector")
{
    public Task<List<ConnectionView>> ConnectionsAsync(CancellationToken ct = default) => GetAsync<List<ConnectionView>>(ConnectorApiRoutes.Connections, ct);

    public Task<ConnectionTest> TestAsync(string name) => PostAsync<ConnectionTest>(ConnectorApiRoutes.Test(name), null);

    public Task<List<OperationDescriptor>> CatalogAsync(CancellationToken ct = default) => GetAsync<List<OperationDescriptor>>(ConnectorApiRoutes.Catalog, ct);

    public Task<EventListing> EventsAsync(int count, CancellationToken ct = default) => GetAsync<EventListing>($"{ConnectorApiRoutes.Events}?count={count}", ct);

    /// <summary>The newest events of one type (without their data): sample events for a test run, which the workflow service reads whole by id.</summary>
    public Task<EventListing> EventsOfTypeAsync(string type, int count, CancellationToken ct = default) =>
        GetAsync<EventListing>($"{ConnectorApiRoutes.Events}?count={count}&type={Uri.EscapeDataString(type)}", ct);

    public Task<List<DeadLetterView>> DeadLettersAsync(CancellationToken ct = default) => GetAsync<List<DeadLetterView>>(ConnectorApiRoutes.DeadLetters, ct);

    public Task<DeadLetterView> ResubmitAsync(string id) => PostAsync<DeadLetterView>(ConnectorApiRoutes.Resubmit(id), null);

    public Task DiscardAsync(string id) => DeleteAsync(ConnectorApiRoutes.DeadLetter(id));
}
