using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Integration.Sandbox.Zendesk;

/// <summary>
/// Sends Zendesk's event webhooks (<c>zen:event-type:ticket.created</c> / <c>ticket.updated</c>) to the
/// configured URL, signed as Zendesk signs them: base64(HMAC-SHA256(timestamp + body)) in
/// X-Zendesk-Webhook-Signature, with X-Zendesk-Webhook-Signature-Timestamp. Retried a few times, as Zendesk does.
/// </summary>
public sealed class ZendeskWebhooks(IOptions<SandboxOptions> options, IHttpClientFactory http, TimeProvider time, ILogger<ZendeskWebhooks> logger)
    : BackgroundService
{
    public const string ClientName = "zendesk-webhooks";
    private readonly Channel<JsonObject> _outbox = Channel.CreateUnbounded<JsonObject>();

    public void TicketChanged(string eventType, JsonObject ticket)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Zendesk.WebhookUrl))
        {
            return;
        }

        _outbox.Writer.TryWrite(new JsonObject
        {
            ["type"] = $"zen:event-type:ticket.{eventType}",
            ["account_id"] = 1,
            ["id"] = Guid.NewGuid().ToString(),
            ["time"] = ZendeskData.Timestamp(time.GetUtcNow()),
            ["zendesk_event_version"] = "2022-11-06",
            ["subject"] = $"zen:ticket:{ticket["id"]}",
            ["detail"] = ticket.DeepClone(),
            ["event"] = new JsonObject(),
        });
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + body)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = http.CreateClient(ClientName);
        await foreach (var webhook in _outbox.Reader.ReadAllAsync(stoppingToken))
        {
            var body = webhook.ToJsonString();
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                var timestamp = ZendeskData.Timestamp(time.GetUtcNow());
                using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.Zendesk.WebhookUrl)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Zendesk-Webhook-Signature", Sign(options.Value.Zendesk.WebhookSecret, timestamp, body));
                request.Headers.Add("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
                request.Headers.Add("X-Zendesk-Webhook-Id", "01SANDBOX0WEBHOOK");
                try
                {
                    using var response = await client.SendAsync(request, stoppingToken);
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }

                    logger.LogWarning("Webhook {Type} for {Subject} answered {Status} (attempt {Attempt})", webhook["type"], webhook["subject"], (int)response.StatusCode, attempt);
                }
                catch (HttpRequestException e)
                {
                    logger.LogWarning("Webhook {Type} for {Subject} failed: {Reason} (attempt {Attempt})", webhook["type"], webhook["subject"], e.Message, attempt);
                }

                await Task.Delay(TimeSpan.FromSeconds(attempt), time, stoppingToken);
            }
        }
    }
}
