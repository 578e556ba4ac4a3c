using System.Net;
using System.Net.Http.Json;
using Integration.ServiceDefaults.Auth;

namespace Integration.Sandbox.Tests;

public sealed class FaultInjectionTests(SandboxFactory sandbox) : IClassFixture<SandboxFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_next_requests_fail_as_configured_then_the_api_answers_again()
    {
        var admin = sandbox.CreateClient("ada", Roles.Admin);
        using var set = await admin.PutAsJsonAsync("/sandbox/faults", new { rateLimitNext = 2, serverErrorNext = 1, retryAfterSeconds = 7, vendors = "zendesk" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var zendesk = sandbox.Zendesk();

        var statuses = new List<HttpStatusCode>();
        string? retryAfter = null;
        string? contentType = null;
        for (var i = 0; i < 4; i++)
        {
            using var response = await zendesk.GetAsync("/zendesk/api/v2/tickets/count.json", Cancel);
            statuses.Add(response.StatusCode);
            if (i == 0)
            {
                retryAfter = response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString();
                contentType = response.Content.Headers.ContentType?.MediaType;
            }
        }

        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Equal("7", retryAfter);
        Assert.Equal("text/plain", contentType); // Zendesk's 429 body is not JSON
    }

    [Fact]
    public async Task Bad_fault_settings_are_400_with_paths_and_change_nothing()
    {
        var admin = sandbox.CreateClient("ada", Roles.Admin);
        var before = await admin.GetStringAsync("/sandbox/faults", Cancel);

        using var response = await admin.PutAsJsonAsync("/sandbox/faults", new { rateLimitShare = 1.5, vendors = "jira" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("$.rateLimitShare", body);
        Assert.Contains("$.vendors", body);
        Assert.Equal(before, await admin.GetStringAsync("/sandbox/faults", Cancel));
    }

    [Fact]
    public async Task Only_admins_and_integrators_set_faults()
    {
        using var response = await sandbox.CreateClient("rex", Roles.Reviewer).PutAsJsonAsync("/sandbox/faults", new { latencyMs = 5 }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
