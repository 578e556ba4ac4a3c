namespace Integration.Workflows.Services;

/// <summary>The connector service as the workflow service calls it: an operation of its catalog, with an idempotency key; a recent event.</summary>
public sealed class ConnectorClient(HttpClient http)
{
    public Task<InvokeResponse> InvokeAsync(string operation, InvokeRequest request, CancellationToken cancellationToken) =>
        ServiceCalls.PostAsync<InvokeRequest, InvokeResponse>(http, ConnectorRoutes.Invoke(operation), request, $"connector operation {operation}", cancellationToken);

    /// <summary>A recent trigger event, whole (people see its metadata only); a <see cref="ServiceCallException"/> with 404 when it is not recent.</summary>
    public Task<TriggerEvent> EventAsync(string id, CancellationToken cancellationToken) =>
        ServiceCalls.GetAsync<TriggerEvent>(http, ConnectorRoutes.Event(id), $"the connector service's event {id}", cancellationToken);
}
