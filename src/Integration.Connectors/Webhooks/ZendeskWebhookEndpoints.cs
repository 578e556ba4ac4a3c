using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Connectors.Connections;
using Integration.Connectors.Outbox;
using Integration.ServiceDefaults.Auth;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Json;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// Zendesk's webhooks come in here. Zendesk signs each one (base64 HMAC-SHA256 of timestamp + body with the
/// webhook's secret); an unsigned, wrongly signed or stale delivery (outside the replay window) is refused with
/// 401 and nothing is forwarded. A delivery seen before is acknowledged and dropped.
/// </summary>
public static class ZendeskWebhookEndpoints
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        // Zendesk authenticates by signature, not by the suite's token; the body is checked after the signature, so that an
        // unsigned request learns nothing but 401.
        app.MapPost(ConnectorRoutes.ZendeskWebhookTemplate, Receive).AllowAnonymous().WithMetadata(ChecksItsOwnJson.Instance).WithTags("Webhooks");
    }

    private static async Task<IResult> Receive(string connection, HttpContext http, ConnectorOptions options, EventOutbox outbox, TimeProvider time, ILogger<EventOutbox> logger)
    {
        if (!options.Connections.TryGetValue(connection, out var zendesk) || zendesk.Kind != ConnectionKind.Zendesk || string.IsNullOrEmpty(zendesk.WebhookSecret))
        {
            return TypedResults.Problem($"There is no Zendesk connection '{connection}' with a webhook secret.", statusCode: 404);
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var timestamp = http.Request.Headers["X-Zendesk-Webhook-Signature-Timestamp"].ToString();
        var signature = http.Request.Headers["X-Zendesk-Webhook-Signature"].ToString();
        var refusal = Verify(zendesk.WebhookSecret, timestamp, signature, bytes.Span, time.GetUtcNow(), options.WebhookReplayWindow);
        if (refusal is not null)
        {
            logger.LogWarning("Refused a webhook for connection {Connection}: {Reason}", connection, refusal);
            return TypedResults.Problem(refusal, statusCode: 401, title: "The webhook's signature does not hold.");
        }

        if (StrictJson.Check(bytes.Span) is { } notIJson)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [notIJson.Path] = [notIJson.Message] },
                title: "The webhook's body is not a Zendesk event.");
        }

        ZendeskEventWebhook? payload;
        try
        {
            payload = JsonSerializer.Deserialize<ZendeskEventWebhook>(bytes.Span, ZendeskEventWebhook.Strict);
        }
        catch (JsonException e)
        {
            // Signed, so from Zendesk's side, but not an event we can read: say where, keep nothing.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [JsonReadErrors.PathOf(e)] = [JsonReadErrors.Describe(e)] },
                title: "The webhook's body is not a Zendesk event.");
        }

        if (payload is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["The body is null; a Zendesk event is a JSON object."] },
                title: "The webhook's body is not a Zendesk event.");
        }

        if (payload.Time is { } when && (when.Length > 100 || !DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$.time"] = ["The event's time is a date and time (ISO 8601)."] },
                title: "The webhook's body is not a Zendesk event.");
        }

        var trigger = ToEvent(connection, payload, timestamp, Encoding.UTF8.GetString(bytes.Span));
        // What the workflow service's intake would refuse is refused here, where the sender can be told, and never kept.
        if (TriggerEventRules.Problems(trigger) is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems, title: "The webhook's event is not one a workflow can start on.");
        }

        var added = await outbox.AddAsync(trigger);
        return TypedResults.Ok(new { accepted = added, duplicate = !added, eventId = trigger.Id });
    }

    /// <summary>Why the delivery's signature does not hold (null when it does): HMAC-SHA256 over the timestamp and the body's bytes as sent.</summary>
    public static string? Verify(string secret, string timestamp, string signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan window)
    {
        if (timestamp.Length == 0 || signature.Length == 0)
        {
            return "X-Zendesk-Webhook-Signature and X-Zendesk-Webhook-Signature-Timestamp are required.";
        }

        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt) || (now - signedAt).Duration() > window)
        {
            return $"The signature's timestamp is not within {window.TotalMinutes:0.#} minutes of now: a replay or a badly set clock.";
        }

        byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp), .. body];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        byte[] given;
        try
        {
            given = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return "The signature is not base64.";
        }

        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : "The signature does not match the body and timestamp.";
    }

    private static TriggerEvent ToEvent(string connection, ZendeskEventWebhook payload, string timestamp, string body)
    {
        // Zendesk's event webhooks: {"type":"zen:event-type:ticket.created","id":…,"subject":"zen:ticket:123","detail":{…}}.
        var type = payload.Type ?? "zendesk.webhook";
        var kind = type.StartsWith("zen:event-type:", StringComparison.Ordinal) ? "zendesk." + type["zen:event-type:".Length..] : type;
        var subject = payload.Subject?.Replace("zen:", "", StringComparison.Ordinal) ?? "";
        var id = payload.Id ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(timestamp + body)));
        var time = DateTimeOffset.TryParse(payload.Time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.UtcNow;
        var detail = payload.Detail is { } element ? JsonNode.Parse(element.GetRawText()) : JsonNode.Parse(body);
        return new TriggerEvent(id, $"zendesk:{connection}", kind, subject, time, detail);
    }
}

/// <summary>The part of a Zendesk event webhook the intake reads; read strictly (types, duplicate keys, valid text).</summary>
public sealed record ZendeskEventWebhook(string? Type, string? Id, string? Subject, string? Time, JsonElement? Detail)
{
    public static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false };
}
