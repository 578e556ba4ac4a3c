using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;

namespace Integration.Connectors.Tests;

/// <summary>Zendesk webhooks: signature and replay window checked, duplicates dropped, accepted events kept for delivery.</summary>
public sealed class WebhookTests(ConnectorFactory connectors) : IClassFixture<ConnectorFactory>
{
    private const string Intake = "/v1/webhooks/zendesk/zendesk";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Now => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Body(string eventId, long ticket) =>
        $$$"""{"type":"zen:event-type:ticket.created","id":"{{{eventId}}}","time":"2026-11-22T10:00:00Z","subject":"zen:ticket:{{{ticket}}}","detail":{"id":{{{ticket}}},"subject":"Hi"}}""";

    private async Task<HttpResponseMessage> Deliver(string body, string timestamp, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Intake) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
        request.Headers.Add("X-Zendesk-Webhook-Signature", signature ?? Sign(connectors.WebhookSecret, timestamp, body));
        return await connectors.CreateClient().SendAsync(request, Cancel);
    }

    private static string Sign(string secret, string timestamp, string body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + body)));

    /// <summary>The recent events whole, as the workflow service reads them.</summary>
    private async Task<List<JsonElement>> Events() =>
        (await connectors.CreateClient("workflows", Roles.Service).GetFromJsonAsync<JsonElement>("/v1/events?count=500", Cancel)).GetProperty("recent").EnumerateArray().ToList();

    [Fact]
    public async Task A_signed_delivery_becomes_one_trigger_event_and_a_repeat_is_dropped()
    {
        var eventId = Guid.NewGuid().ToString();
        var body = Body(eventId, 4242);

        using var first = await Deliver(body, Now);
        using var repeat = await Deliver(body, Now);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True((await first.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("accepted").GetBoolean());
        Assert.True((await repeat.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("duplicate").GetBoolean());
        var events = (await Events()).Where(e => e.GetProperty("id").GetString() == eventId).ToList();
        var trigger = Assert.Single(events);
        Assert.Equal("zendesk.ticket.created", trigger.GetProperty("type").GetString());
        Assert.Equal("ticket:4242", trigger.GetProperty("subject").GetString());
        Assert.Equal("zendesk:zendesk", trigger.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Recent_events_of_one_type_are_listed_to_people_without_their_data_and_whole_to_the_workflow_service()
    {
        var eventId = Guid.NewGuid().ToString();
        using var delivered = await Deliver(Body(eventId, 4343), Now);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);

        var designer = connectors.CreateClient("dora", Roles.Designer);
        var listing = await designer.GetFromJsonAsync<JsonElement>("/v1/events?type=zendesk.ticket.created&count=500", Cancel);
        var created = listing.GetProperty("recent").EnumerateArray().ToList();
        var other = (await designer.GetFromJsonAsync<JsonElement>("/v1/events?type=salesforce.case.changed&count=500", Cancel)).GetProperty("recent").EnumerateArray().ToList();
        using var reviewer = await connectors.CreateClient("rex", Roles.Reviewer).GetAsync("/v1/events", Cancel);
        var whole = await connectors.CreateClient("workflows", Roles.Service).GetFromJsonAsync<JsonElement>($"/v1/events/{eventId}", Cancel);
        using var byPerson = await designer.GetAsync($"/v1/events/{eventId}", Cancel);

        var sample = Assert.Single(created, e => e.GetProperty("id").GetString() == eventId);
        Assert.Equal("metadata", listing.GetProperty("view").GetString());
        Assert.Equal(("ticket:4343", JsonValueKind.Null), (sample.GetProperty("subject").GetString(), sample.GetProperty("data").ValueKind));
        Assert.All(created, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("data").ValueKind));
        Assert.All(created, e => Assert.Equal("zendesk.ticket.created", e.GetProperty("type").GetString()));
        Assert.DoesNotContain(other, e => e.GetProperty("id").GetString() == eventId);
        Assert.Equal(HttpStatusCode.Forbidden, reviewer.StatusCode);
        Assert.Equal(4343, whole.GetProperty("data").GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, byPerson.StatusCode);
    }

    public static TheoryData<string, string> Poisoned => new()
    {
        { """{"type":"zen:event-type:ticket.created","id":"","subject":"zen:ticket:1","detail":{"id":1}}""", "$.id" },
        { $$$"""{"type":"zen:event-type:ticket.created","id":"{{{new string('x', 201)}}}","subject":"zen:ticket:1","detail":{"id":1}}""", "$.id" },
        { $$$"""{"type":"zen:event-type:{{{new string('t', 200 * 1024)}}}","id":"ID","subject":"zen:ticket:1","detail":{"id":1}}""", "$.type" },
        { $$$"""{"type":"zen:event-type:ticket.created","id":"ID","subject":"zen:ticket:{{{new string('1', 200 * 1024)}}}","detail":{"id":1}}""", "$.subject" },
        { """{"type":"zen:event-type:ticket.created","id":"ID","subject":"zen:ticket:1\nBcc: x","detail":{"id":1}}""", "$.subject" },
        { """{"type":"zen:event-type:ticket.created","id":"ID","subject":"zen:ticket:1","detail":{"id":1e400}}""", "$.detail.id" },
        { """{"type":"zen:event-type:ticket.created","id":"ID","subject":"zen:ticket:1","detail":{"id":1,"note":"a\u0000b"}}""", "$.detail.note" },
    };

    [Theory]
    [MemberData(nameof(Poisoned))]
    public async Task A_signed_event_the_workflow_service_would_refuse_is_refused_at_the_webhook_and_nothing_is_kept(string template, string path)
    {
        var eventId = Guid.NewGuid().ToString();
        var body = template.Replace("\"ID\"", $"\"{eventId}\"", StringComparison.Ordinal);

        using var response = await Deliver(body, Now);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.ToString());
        Assert.DoesNotContain(await Events(), e => e.GetProperty("id").GetString() is { } id && (id == eventId || id.Length == 0 || id.Length > 200));
    }

    [Theory]
    [InlineData("""{"type":"zen:event-type:ticket.created","id":12345,"subject":"zen:ticket:1","detail":{"id":1}}""", "$.id")]
    [InlineData("""{"type":["zen:event-type:ticket.created"],"id":"ID","subject":"zen:ticket:1","detail":{"id":1}}""", "$.type")]
    [InlineData("""{"type":"zen:event-type:ticket.created","id":"ID-\ud800","subject":"zen:ticket:1","detail":{"id":1}}""", "$.id")]
    [InlineData("""{"type":"zen:event-type:ticket.created","id":"ID","id":"ID-again","subject":"zen:ticket:1","detail":{"id":1}}""", "$.id")]
    [InlineData("""{"type":"zen:event-type:ticket.created","id":"ID","subject":"zen:ticket:1","detail":{"id":1}""", "$")]
    [InlineData("""[1,2,3]""", "$")]
    public async Task A_signed_body_that_is_not_a_zendesk_event_is_400_with_its_path_and_nothing_is_kept(string template, string path)
    {
        var eventId = Guid.NewGuid().ToString();
        var body = template.Replace("\"ID", $"\"{eventId}", StringComparison.Ordinal);

        using var response = await Deliver(body, Now);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.ToString());
        Assert.DoesNotContain(await Events(), e => e.GetProperty("id").GetString()!.StartsWith(eventId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_signature_or_a_stale_timestamp_is_401_and_nothing_is_kept()
    {
        var eventId = Guid.NewGuid().ToString();
        var body = Body(eventId, 7);
        var stale = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        using var forged = await Deliver(body, Now, Sign("another-secret-0123456789", Now, body));
        using var tampered = await Deliver(body.Replace("\"Hi\"", "\"Bye\""), Now, Sign(connectors.WebhookSecret, Now, body));
        using var replayed = await Deliver(body, stale);
        using var unsigned = await connectors.CreateClient().PostAsync(Intake, new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        Assert.All(new[] { forged, tampered, replayed, unsigned }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.DoesNotContain(await Events(), e => e.GetProperty("id").GetString() == eventId);
    }

    [Fact]
    public async Task A_ticket_created_in_the_sandbox_arrives_as_a_signed_webhook_and_becomes_an_event()
    {
        var (response, body) = await connectors.CreateClient("workflows", Roles.Service)
            .InvokeAsync("zendesk.ticket.create", new { subject = "Webhook please", body = "Does the webhook come?" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ticket = body.GetProperty("output").GetProperty("ticket").GetProperty("id").GetInt64();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement? arrived = null;
        while (arrived is null && DateTime.UtcNow < deadline)
        {
            arrived = (await Events()).FirstOrDefault(e => e.GetProperty("subject").GetString() == $"ticket:{ticket}" && e.GetProperty("type").GetString() == "zendesk.ticket.created");
            if (arrived?.ValueKind != JsonValueKind.Object)
            {
                arrived = null;
                await Task.Delay(100, Cancel);
            }
        }

        Assert.True(arrived is not null, $"No event for ticket {ticket} within 15 s.");
        Assert.Equal("Webhook please", arrived.Value.GetProperty("data").GetProperty("subject").GetString());
    }
}
