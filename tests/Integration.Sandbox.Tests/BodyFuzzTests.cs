using System.Net.Http.Json;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Sandbox.Tests;

/// <summary>The stand-ins and the Sandbox's own admin endpoints refuse bad bodies with a 4xx and change nothing.</summary>
public sealed class BodyFuzzTests(SandboxFactory sandbox) : IClassFixture<SandboxFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("POST", "/zendesk/api/v2/tickets.json", """{"ticket":{"subject":"Fuzzed","comment":{"body":"Do not create me."}}}""")]
    [InlineData("PUT", "/zendesk/api/v2/tickets/1.json", """{"ticket":{"status":"open","comment":{"body":"Do not add me.","public":false}}}""")]
    public async Task A_bad_body_to_the_zendesk_stand_in_is_refused_and_changes_nothing(string method, string path, string validJson)
    {
        var zendesk = sandbox.Zendesk();

        await BodyFuzzAssert.EveryVariantIsRefusedAndChangesNothingAsync(zendesk, new HttpMethod(method), path, validJson,
            async () => await TicketCountAsync(zendesk) + await zendesk.GetStringAsync("/zendesk/api/v2/tickets/1/comments.json", Cancel),
            Cancel);
    }

    [Theory]
    [InlineData("PUT", "/sandbox/faults", """{"latencyMs":0,"rateLimitShare":0,"serverErrorShare":0,"retryAfterSeconds":1,"rateLimitNext":0,"serverErrorNext":0,"vendors":"all"}""")]
    [InlineData("POST", "/sandbox/zendesk/tickets/generate", """{"count":1}""")]
    public async Task A_bad_body_to_the_sandbox_admin_is_refused_and_changes_nothing(string method, string path, string validJson)
    {
        var admin = sandbox.CreateClient("ada", Roles.Admin);

        await BodyFuzzAssert.EveryVariantIsRefusedAndChangesNothingAsync(admin, new HttpMethod(method), path, validJson,
            async () => await admin.GetStringAsync("/sandbox/faults", Cancel) + await TicketCountAsync(sandbox.Zendesk()),
            Cancel);
    }

    /// <summary>The count alone: its <c>refreshed_at</c> is the time of the request, which differs between two reads.</summary>
    private static async Task<string> TicketCountAsync(HttpClient zendesk) =>
        (await zendesk.GetFromJsonAsync<System.Text.Json.JsonElement>("/zendesk/api/v2/tickets/count.json", Cancel)).GetProperty("count").GetProperty("value").ToString();
}
