using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;

namespace Integration.Connectors.Tests;

/// <summary>
/// A Salesforce token endpoint that paces the login: the call it was for had not been sent, so it is sent once the
/// endpoint's Retry-After has passed, even a write. Its own fixture, so that the first Salesforce request is the login.
/// </summary>
public sealed class SalesforceLoginFaultTests(UnpolledConnectorFactory connectors) : IClassFixture<UnpolledConnectorFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_whose_login_meets_a_429_waits_it_out_and_happens_once()
    {
        using var sandboxAdmin = connectors.SandboxAdmin();
        using var faults = await sandboxAdmin.PutAsJsonAsync("/sandbox/faults", new { rateLimitNext = 1, retryAfterSeconds = 1, vendors = "salesforce" }, Cancel);
        faults.EnsureSuccessStatusCode();
        var subject = $"Login paced {Guid.NewGuid():N}"[..30];
        var clock = Stopwatch.StartNew();

        var (created, body) = await connectors.CreateClient("workflows", Roles.Service)
            .InvokeAsync("salesforce.case.create", new { fields = new { Subject = subject } }, Cancel, idempotencyKey: $"case-{Guid.NewGuid():N}");

        Assert.True(created.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(0, (await sandboxAdmin.GetFromJsonAsync<JsonElement>("/sandbox/faults", Cancel)).GetProperty("rateLimitNext").GetInt32());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"The login was tried again after {clock.Elapsed.TotalSeconds:F1} s, before its Retry-After.");
        var (_, found) = await connectors.CreateClient("workflows", Roles.Service)
            .InvokeAsync("salesforce.query", new { soql = $"SELECT Id FROM Case WHERE Subject = '{subject}'" }, Cancel);
        Assert.Single(found.GetProperty("output").GetProperty("records").EnumerateArray());
    }
}
