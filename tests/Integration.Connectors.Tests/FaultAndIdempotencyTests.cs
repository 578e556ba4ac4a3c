using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Connectors.Tests;

/// <summary>Rate limits, server errors, the circuit breaker, retries that never repeat a write blindly, and idempotency keys.</summary>
public sealed class FaultAndIdempotencyTests(UnpolledConnectorFactory connectors) : IClassFixture<UnpolledConnectorFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Workflows => connectors.CreateClient("workflows", Roles.Service);

    private HttpClient SandboxAdmin() => connectors.SandboxAdmin();

    private async Task Faults(object settings)
    {
        using var response = await SandboxAdmin().PutAsJsonAsync("/sandbox/faults", settings, Cancel);
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonElement> CurrentFaults() => await SandboxAdmin().GetFromJsonAsync<JsonElement>("/sandbox/faults", Cancel);

    [Fact]
    public async Task A_429_storm_is_ridden_out_waiting_as_long_as_retry_after_says()
    {
        await Faults(new { rateLimitNext = 3, retryAfterSeconds = 1, vendors = "zendesk" });
        var clock = Stopwatch.StartNew();

        var (response, body) = await Workflows.InvokeAsync("zendesk.ticket.get", new { ticketId = 1 }, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, body.GetProperty("output").GetProperty("ticket").GetProperty("id").GetInt32());
        Assert.Equal(0, (await CurrentFaults()).GetProperty("rateLimitNext").GetInt32());
        // Three refusals each asked for a second: the retries waited at least that long, not a jittered few milliseconds.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.9), $"The retries came after {clock.Elapsed.TotalSeconds:F1} s.");
    }

    [Fact]
    public async Task A_read_that_meets_a_5xx_is_retried_and_succeeds()
    {
        await Faults(new { serverErrorNext = 1, vendors = "zendesk" });

        var (response, _) = await Workflows.InvokeAsync("zendesk.ticket.get", new { ticketId = 2 }, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await CurrentFaults()).GetProperty("serverErrorNext").GetInt32());
    }

    [Fact]
    public async Task A_write_that_meets_a_5xx_is_not_retried_and_its_key_cannot_run_twice()
    {
        await Workflows.InvokeAsync("salesforce.query", new { soql = "SELECT Id FROM Account LIMIT 1" }, Cancel); // logged in already
        var before = await CaseCount();
        await Faults(new { serverErrorNext = 1, vendors = "salesforce" });
        var key = $"case-{Guid.NewGuid():N}";

        var (failed, problem) = await Workflows.InvokeAsync("salesforce.case.create", new { fields = new { Subject = "Once only" } }, Cancel, idempotencyKey: key);
        var (again, againProblem) = await Workflows.InvokeAsync("salesforce.case.create", new { fields = new { Subject = "Once only" } }, Cancel, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal(500, problem.GetProperty("vendorStatus").GetInt32());
        Assert.Equal("UNKNOWN_EXCEPTION", problem.GetProperty("vendorCode").GetString());
        // A POST is not repeated after a 5xx: the one injected fault was the only attempt.
        Assert.Equal(0, (await CurrentFaults()).GetProperty("serverErrorNext").GetInt32());
        Assert.Equal(before, await CaseCount());
        // Whether the SaaS did it is unknown to us: the same key is refused rather than risking a second case.
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("without a clear answer", againProblem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Server_errors_open_the_circuit_and_then_calls_stop_reaching_the_saas()
    {
        await Faults(new { serverErrorNext = 5, vendors = "zendesk" });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await Workflows.InvokeAsync("zendesk.ticket.get", new { ticketId = 1 }, Cancel, connection: "zendesk-fragile")).Response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable], statuses);
        Assert.Equal(1, (await CurrentFaults()).GetProperty("serverErrorNext").GetInt32()); // the fifth call never left
        await Faults(new { });
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_first_result_and_posts_once()
    {
        var key = $"ticket-{Guid.NewGuid():N}";
        var input = new { subject = "Exactly once", body = "Please do not duplicate me." };
        var before = await TicketCount();

        var (first, firstBody) = await Workflows.InvokeAsync("zendesk.ticket.create", input, Cancel, idempotencyKey: key);
        var (second, secondBody) = await Workflows.InvokeAsync("zendesk.ticket.create", input, Cancel, idempotencyKey: key);
        var (other, _) = await Workflows.InvokeAsync("zendesk.ticket.create", new { subject = "Something else", body = "x" }, Cancel, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(firstBody.GetProperty("replayed").GetBoolean());
        Assert.True(secondBody.GetProperty("replayed").GetBoolean());
        Assert.Equal(firstBody.GetProperty("output").GetProperty("ticket").GetProperty("id").GetInt64(),
            secondBody.GetProperty("output").GetProperty("ticket").GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(before + 1, await TicketCount());
    }

    [Fact]
    public async Task A_repeat_that_arrives_while_the_first_call_runs_waits_for_its_result()
    {
        var key = $"ticket-{Guid.NewGuid():N}";
        var input = new { subject = "Exactly once, even at once", body = "A caller resumed after a crash repeats this while it runs." };
        var before = await TicketCount();
        await Faults(new { latencyMs = 1500, vendors = "zendesk" });
        try
        {
            var first = Workflows.InvokeAsync("zendesk.ticket.create", input, Cancel, idempotencyKey: key);
            await Task.Delay(300, Cancel);
            var (second, secondBody) = await Workflows.InvokeAsync("zendesk.ticket.create", input, Cancel, idempotencyKey: key);
            var (firstResponse, firstBody) = await first;

            Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.False(firstBody.GetProperty("replayed").GetBoolean());
            Assert.True(secondBody.GetProperty("replayed").GetBoolean());
            Assert.Equal(firstBody.GetProperty("output").GetProperty("ticket").GetProperty("id").GetInt64(),
                secondBody.GetProperty("output").GetProperty("ticket").GetProperty("id").GetInt64());
        }
        finally
        {
            await Faults(new { });
        }

        Assert.Equal(before + 1, await TicketCount());
    }

    [Fact]
    public async Task A_wrong_secret_is_401_naming_the_connection_and_never_the_secret()
    {
        var (response, problem) = await Workflows.InvokeAsync("zendesk.ticket.get", new { ticketId = 1 }, Cancel, connection: "zendesk-wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("'zendesk-wrong'", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("not-the-token", problem.ToString());
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_paths_and_reach_no_saas()
    {
        var (unknown, _) = await Workflows.InvokeAsync("jira.issue.create", new { }, Cancel);
        var (invalid, invalidProblem) = await Workflows.InvokeAsync("zendesk.ticket.create", new { subject = "", priority = "asap" }, Cancel);
        var (noSuchConnection, connectionProblem) = await Workflows.InvokeAsync("zendesk.ticket.get", new { ticketId = 1 }, Cancel, connection: "zendesk-eu");
        var (wrongKind, kindProblem) = await Workflows.InvokeAsync("zendesk.ticket.get", new { ticketId = 1 }, Cancel, connection: "sap");
        using var reviewer = await connectors.CreateClient("rex", Roles.Reviewer).PostAsJsonAsync("/v1/operations/zendesk.ticket.get/invoke", new { input = new { ticketId = 1 } }, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = invalidProblem.GetProperty("errors");
        // In words a caller can act on, not the schema library's codes.
        Assert.Equal("At least 1 character.", errors.GetProperty("$.input.subject")[0].GetString());
        Assert.Equal("One of 'urgent', 'high', 'normal', 'low'.", errors.GetProperty("$.input.priority")[0].GetString());
        Assert.Equal("This property is required.", errors.GetProperty("$.input.body")[0].GetString());
        Assert.True(connectionProblem.GetProperty("errors").TryGetProperty("$.connection", out _));
        Assert.Contains("Sap connection", kindProblem.GetProperty("errors").GetProperty("$.connection")[0].GetString());
        Assert.Equal(HttpStatusCode.Forbidden, reviewer.StatusCode);
    }

    [Fact]
    public async Task Connections_are_listed_without_secrets_and_tested_live()
    {
        var integrator = connectors.CreateClient("ian", Roles.Integrator);

        var listed = await integrator.GetStringAsync("/v1/connections", Cancel);
        var good = await (await integrator.PostAsync("/v1/connections/salesforce/test", null, Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var bad = await (await integrator.PostAsync("/v1/connections/zendesk-wrong/test", null, Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Contains("\"secretsPresent\":[\"ClientSecret\"]", listed);
        Assert.DoesNotContain(connectors.SalesforceSecret, listed);
        Assert.DoesNotContain(connectors.ZendeskToken, listed);
        Assert.True(good.GetProperty("ok").GetBoolean());
        Assert.False(bad.GetProperty("ok").GetBoolean());
        Assert.Equal(401, bad.GetProperty("status").GetInt32());
    }

    private async Task<int> CaseCount() =>
        (await Workflows.InvokeAsync("salesforce.query", new { soql = "SELECT Id FROM Case" }, Cancel)).Body.GetProperty("output").GetProperty("totalSize").GetInt32();

    private async Task<int> TicketCount() =>
        (await Workflows.InvokeAsync("zendesk.ticket.search", new { query = "type:ticket", limit = 1 }, Cancel)).Body.GetProperty("output").GetProperty("count").GetInt32();
}
