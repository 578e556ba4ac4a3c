using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Connectors.Tests;

/// <summary>Operation calls refuse bad bodies with a 4xx and call nothing. (Webhook bodies: see <see cref="WebhookTests"/>.)</summary>
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
            Cancel);
    }
}
