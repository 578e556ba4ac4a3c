using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Integration.ServiceDefaults.Redis;

/// <summary>
/// Delivers an outbox's messages to another service, in order, acknowledging each only after that service took it (each
/// message carries what makes a repeat after a crash change nothing there). While the target is unset or failing, they
/// wait, with a growing pause. Never stops the service.
/// </summary>
/// <param name="idle">How often an empty outbox is looked at again.</param>
public abstract class OutboxForwarder<T>(RedisOutbox<T> outbox, string? target, TimeProvider time, ILogger logger, TimeSpan? idle = null) : BackgroundService where T : class
{
    private readonly TimeSpan _idle = idle ?? TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>What the messages are, for the logs ("promotion decisions for the governance audit").</summary>
    protected abstract string What { get; }

    /// <summary>The configuration that names the target, for the warning when it is unset.</summary>
    protected abstract string TargetSetting { get; }

    /// <summary>Delivers one message: taken, or refused for good (sending it again cannot help, see <see cref="Delivery.OfAsync"/>); throws to try again later.</summary>
    protected abstract Task<Delivery> DeliverAsync(T message, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            logger.LogWarning("{Setting} is not set: {What} are kept in {Stream} and not delivered.", TargetSetting, What, outbox.Stream);
            return;
        }

        var pause = _idle;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delivered = 0;
            try
            {
                await outbox.EnsureGroupAsync();
                foreach (var (id, message) in await outbox.NextAsync(20))
                {
                    if (message is not null && await DeliverAsync(message, stoppingToken) is { Taken: false } refusal)
                    {
                        // A message the target refuses for good would block every later one: it waits among the dead letters
                        // for a person (resubmit once the cause is fixed, or discard), and the ones behind it go on.
                        await outbox.DeadLetterAsync(id, message, refusal, time.GetUtcNow());
                        logger.LogError("{Target} refused {Id} of {Stream} with {Status}: {Reason}. It is kept in {DeadLetters}.",
                            target, id, outbox.Stream, refusal.Status, refusal.Reason, outbox.DeadLetterKey);
                    }

                    await outbox.AcknowledgeAsync(id);
                    delivered++;
                }

                pause = _idle;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("{What} wait in {Stream}: {Reason}", What, outbox.Stream, e.Message);
                pause = TimeSpan.FromTicks(Math.Min(Math.Max(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks), MaxBackoff.Ticks));
            }

            if (delivered == 0)
            {
                await Task.Delay(pause, time, stoppingToken);
            }
        }
    }
}
