using Integration.Inference.Registry;

namespace Integration.Inference.Audit;

/// <summary>
/// Delivers the outbox's decisions to the governance audit, in order, acknowledging each only after governance took it
/// (its idempotency key makes a repeat after a crash add nothing). While the target is unset or failing, they wait, with a
/// growing pause. Never stops the service.
/// </summary>
public sealed class AuditForwarder(AuditOutbox outbox, GovernanceAuditClient governance, InferenceOptions options, TimeProvider time, ILogger<AuditForwarder> logger)
    : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.AuditTarget))
        {
            logger.LogWarning("Inference:AuditTarget is not set: promotion decisions are kept in the audit outbox and not sent to the governance audit.");
            return;
        }

        var pause = Idle;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delivered = 0;
            try
            {
                await outbox.EnsureGroupAsync();
                foreach (var (id, pending) in await outbox.NextAsync(20))
                {
                    if (pending is not null && !await governance.ReportAsync(pending, stoppingToken))
                    {
                        // A report governance calls malformed would block every later one; it stays in the stream to read.
                        logger.LogError("The governance audit refused decision {Id} ({Action}) as malformed; it is left in {Stream}.", id, pending.Report.Action, AuditOutbox.Stream);
                    }

                    await outbox.AcknowledgeAsync(id);
                    delivered++;
                }

                pause = Idle;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Promotion decisions wait for the governance audit: {Reason}", e.Message);
                pause = TimeSpan.FromTicks(Math.Min(Math.Max(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks), MaxBackoff.Ticks));
            }

            if (delivered == 0)
            {
                await Task.Delay(pause, time, stoppingToken);
            }
        }
    }
}
