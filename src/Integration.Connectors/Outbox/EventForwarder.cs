using Integration.ServiceDefaults.Redis;

namespace Integration.Connectors.Outbox;

/// <summary>
/// Delivers trigger events from the outbox to the workflow service (<c>Connectors:EventsTarget</c>), in order; an event
/// the workflow service could not take stays in the outbox and is sent again (its id starts nothing twice there); one it
/// refuses for good goes to the dead letters (<see cref="EventEndpoints"/>) and the events behind it go on.
/// </summary>
public sealed class EventForwarder(EventOutbox outbox, WorkflowTriggerClient workflows, Connections.ConnectorOptions options, TimeProvider time, ILogger<EventForwarder> logger)
    : OutboxForwarder<TriggerEvent>(outbox, options.EventsTarget, time, logger, idle: TimeSpan.FromMilliseconds(200))
{
    protected override string What => "trigger events";

    protected override string TargetSetting => "Connectors:EventsTarget";

    protected override Task<Delivery> DeliverAsync(TriggerEvent message, CancellationToken cancellationToken) => workflows.DeliverAsync(message, cancellationToken);
}
