using System.Net.Http.Json;
using Integration.ServiceDefaults.Redis;

namespace Integration.Connectors.Outbox;

/// <summary>The workflow service's trigger intake, as the event forwarder calls it (base address: Connectors:EventsTarget).</summary>
public sealed class WorkflowTriggerClient(HttpClient http)
{
    /// <summary>Taken once the workflow service has accepted the event durably, or refused for good; throws to try again (the event stays in the outbox).</summary>
    public async Task<Delivery> DeliverAsync(TriggerEvent trigger, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(WorkflowRoutes.TriggerEvents, trigger, cancellationToken);
        return await Delivery.OfAsync(response, cancellationToken);
    }
}
