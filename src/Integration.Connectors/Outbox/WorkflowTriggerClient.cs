using System.Net.Http.Json;

namespace Integration.Connectors.Outbox;

/// <summary>The workflow service's trigger intake, as the event forwarder calls it (base address: Connectors:EventsTarget).</summary>
public sealed class WorkflowTriggerClient(HttpClient http)
{
    /// <summary>Returns once the workflow service has accepted the event durably; throws otherwise (the event then stays in the outbox).</summary>
    public async Task DeliverAsync(TriggerEvent trigger, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(WorkflowRoutes.TriggerEvents, trigger, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{http.BaseAddress} answered {(int)response.StatusCode} to a trigger event", null, response.StatusCode);
        }
    }
}
