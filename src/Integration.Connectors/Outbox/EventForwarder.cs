namespace Integration.Connectors.Outbox;

/// <summary>
/// Delivers trigger events from the outbox to the workflow service, in order, acknowledging each only after the
/// workflow service accepted it. While the target is unset or failing, events wait (with a growing pause).
/// </summary>
public sealed class EventForwarder(EventOutbox outbox, WorkflowTriggerClient workflows, Connections.ConnectorOptions options, TimeProvider time, ILogger<EventForwarder> logger)
    : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.EventsTarget))
        {
            logger.LogWarning("Connectors:EventsTarget is not set: trigger events are kept in the outbox and not delivered.");
            return;
        }

        var pause = Idle;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delivered = 0;
            try
            {
                await outbox.EnsureGroupAsync();
                foreach (var (id, trigger) in await outbox.NextAsync(20))
                {
                    if (trigger is not null)
                    {
                        await workflows.DeliverAsync(trigger, stoppingToken);
                    }

                    await outbox.AcknowledgeAsync(id);
                    delivered++;
                }

                pause = Idle;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever failed (the target, a timeout, Redis), the events stay in the outbox and the loop goes on.
                logger.LogWarning("Trigger events wait in the outbox: {Reason}", e.Message);
                pause = TimeSpan.FromTicks(Math.Min(Math.Max(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks), MaxBackoff.Ticks));
            }

            if (delivered == 0)
            {
                await Task.Delay(pause, time, stoppingToken);
            }
        }
    }
}
