namespace Integration.Workflows.Services;

/// <summary>The connector service as the workflow service calls it: an operation of its catalog, with an idempotency key.</summary>
public sealed class ConnectorClient(HttpClient http)
{
    public Task<InvokeResponse> InvokeAsync(string operation, InvokeRequest request, CancellationToken cancellationToken) =>
        ServiceCalls.PostAsync<InvokeRequest, InvokeResponse>(http, ConnectorRoutes.Invoke(operation), request, $"connector operation {operation}", cancellationToken);
}
