using System.Net.Http.Json;
using System.Text.Json;
using Integration.Contracts.Workflows;
using Integration.ServiceDefaults.Redis;
using Integration.Inference.Registry;
using Integration.ServiceDefaults.Protection;
using StackExchange.Redis;

namespace Integration.Inference.Drift;

/// <summary>
/// Drift alerts as trigger events for the workflow service (type <see cref="AlertType"/>, subject <c>model:{name}</c>,
/// the alert's figures as data): a published workflow whose connector-event trigger names that type starts once per alert
/// (its instance id comes from the event id, so a repeat starts nothing).
/// </summary>
public sealed class DriftEventOutbox(IConnectionMultiplexer redis, SensitiveData sensitive) : RedisOutbox<TriggerEvent>(redis, sensitive, "inference:events:outbox")
{
    public const string AlertType = "inference.drift.alert";

    public void AddTo(ITransaction transaction, DriftAlert alert) =>
        AddTo(transaction, new TriggerEvent($"inference-drift-{alert.Model}-{alert.At.ToUnixTimeMilliseconds()}", "inference", AlertType, $"model:{alert.Model}", alert.At,
            JsonSerializer.SerializeToNode(alert, JsonSerializerOptions.Web)));
}

/// <summary>The workflow service's trigger intake, called with this service's own token (base address: <c>Inference:EventsTarget</c>).</summary>
public sealed class WorkflowEventsClient(HttpClient http)
{
    public async Task<Delivery> DeliverAsync(TriggerEvent trigger, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(WorkflowRoutes.TriggerEvents, trigger, cancellationToken);
        return await Delivery.OfAsync(response, cancellationToken);
    }
}

public sealed class DriftEventForwarder(DriftEventOutbox outbox, WorkflowEventsClient workflows, InferenceOptions options, TimeProvider time, ILogger<DriftEventForwarder> logger)
    : OutboxForwarder<TriggerEvent>(outbox, options.EventsTarget, time, logger)
{
    protected override string What => "drift alerts for the workflow service";

    protected override string TargetSetting => "Inference:EventsTarget";

    protected override Task<Delivery> DeliverAsync(TriggerEvent message, CancellationToken cancellationToken) => workflows.DeliverAsync(message, cancellationToken);
}
