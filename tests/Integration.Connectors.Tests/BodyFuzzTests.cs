using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Connectors.Tests;

/// <summary>Operation calls and signed webhooks refuse bad bodies with a 4xx and call or keep nothing.</summary>
public sealed class BodyFuzzTests(UnpolledConnectorFactory connectors) : IClassFixture<UnpolledConnectorFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("zendesk.ticket.create", """{"connection":"zendesk","input":{"subject":"Fuzzed","body":"Do not create me."},"idempotencyKey":"fuzz-key"}""")]
    [InlineData("salesforce.case.create", """{"connection":"salesforce","input":{"fields":{"Subject":"Fuzzed"}},"idempotencyKey":"fuzz-case"}""")]
    public async Task A_bad_body_is_refused_with_4xx_and_changes_nothing(string operation, string validJson)
    {
        var client = connectors.CreateClient("workflows", Roles.Service);
        var integrator = connectors.CreateClient("ian", Roles.Integrator);

        await BodyFuzzAssert.EveryVariantIsRefusedAndChangesNothingAsync(client, HttpMethod.Post, $"/v1/operations/{operation}/invoke", validJson,
            async () => (await client.InvokeAsync("zendesk.ticket.search", new { query = "subject:Fuzzed" }, Cancel)).Body.GetProperty("output").ToString() +
                        (await client.InvokeAsync("salesforce.query", new { soql = "SELECT Id FROM Case WHERE Subject = 'Fuzzed'" }, Cancel)).Body.GetProperty("output").ToString(),
            // Zendesk takes long comments (no limit documented); Salesforce's fields are its to check (the stand-in answers as it does).
            Cancel, longText: ["body"]);
    }

    [Fact]
    public async Task A_signed_webhook_body_that_is_bad_is_refused_with_4xx_and_keeps_no_event()
    {
        var zendesk = connectors.CreateDefaultClient(new SigningHandler(connectors.WebhookSecret));
        var service = connectors.CreateClient("workflows", Roles.Service);

        await BodyFuzzAssert.EveryVariantIsRefusedAndChangesNothingAsync(zendesk, HttpMethod.Post, "/v1/webhooks/zendesk/zendesk",
            """{"type":"zen:event-type:ticket.created","id":"fuzz-webhook","time":"2026-11-22T10:00:00Z","subject":"zen:ticket:5","detail":{"id":5,"subject":"Hi"}}""",
            async () => (await service.GetStringAsync("/v1/events?count=500", Cancel)).Split("\"recent\"")[1],
            // The event's detail is the ticket as Zendesk sends it: any JSON. Its text is checked all the same.
            Cancel, freeForm: ["detail"]);
    }

    /// <summary>Signs each delivery as Zendesk does (HMAC-SHA256 of the timestamp and the body's bytes), whatever the body.</summary>
    private sealed class SigningHandler(string secret) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var timestamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            request.Headers.Add("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
            byte[] signed = [.. System.Text.Encoding.UTF8.GetBytes(timestamp), .. body];
            request.Headers.Add("X-Zendesk-Webhook-Signature", Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), signed)));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>The connector service's routes: each that may take a body is fuzzed above or takes none; no path or query value gets a 5xx.</summary>
public sealed class RouteFuzzTests(UnpolledConnectorFactory connectors) : RouteFuzzTests<Program>(connectors), IClassFixture<UnpolledConnectorFactory>
{
    protected override IEnumerable<(string Method, string Path)> Fuzzed =>
        [("POST", "/v1/operations/zendesk.ticket.create/invoke"), ("POST", "/v1/webhooks/zendesk/zendesk")];

    protected override IReadOnlyList<string> TakeNoBody => ["POST /v1/connections/{name}/test", "POST /v1/events/dead-letters/{id}/resubmit"];
}
