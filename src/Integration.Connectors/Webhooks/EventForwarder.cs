using System.Net.Http.Json;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// Delivers trigger events from the outbox to the workflow service, in order, acknowledging each only after the
/// workflow service accepted it. While the target is unset or failing, events wait (with a growing pause).
/// </summary>
public sealed class EventForwarder(EventOutbox outbox, IHttpClientFactory http, Connections.ConnectorOptions options, TimeProvider time, ILogger<EventForwarder> logger)
    : BackgroundService
{
    public const string ClientName = "events-target";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.EventsTarget))
        {
            logger.LogWarning("Connectors:EventsTarget is not set: trigger events are kept in the outbox and not delivered.");
            return;
        }

        await outbox.EnsureGroupAsync();
        var consumer = Environment.MachineName + ":" + Environment.ProcessId;
        var pause = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            var delivered = 0;
            try
            {
                foreach (var (id, trigger) in await outbox.NextAsync(consumer, 20))
                {
                    using var response = await http.CreateClient(ClientName).PostAsJsonAsync(options.EventsTarget, trigger, stoppingToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new HttpRequestException($"{options.EventsTarget} answered {(int)response.StatusCode}");
                    }

                    await outbox.AcknowledgeAsync(id);
                    delivered++;
                }

                pause = TimeSpan.FromMilliseconds(200);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Trigger events wait in the outbox: {Reason}", e.Message);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }

            if (delivered == 0)
            {
                await Task.Delay(pause, time, stoppingToken);
            }
        }
    }
}
