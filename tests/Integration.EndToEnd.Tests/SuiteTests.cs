using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Aspire.Hosting.Testing;
using Integration.ServiceDefaults.Auth;
using Integration.ServiceDefaults.SystemInfo;

namespace Integration.EndToEnd.Tests;

public sealed class SuiteTests(SuiteFixture suite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_resource_is_healthy_and_every_service_answers_health()
    {
        // Each running instance (a replica is one) once: the watch starts with every resource's current state.
        var model = suite.App.Services.GetRequiredService<DistributedApplicationModel>();
        var expected = model.Resources.Where(r => r is ProjectResource || r is ExecutableResource and IResourceWithConnectionString)
            .ToDictionary(r => r.Name, r => r.Name == "workflows" ? SuiteFixture.WorkflowSilos : 1);
        Assert.Equal(string.Join(", ", SuiteFixture.Services.Append("redis").Order()), string.Join(", ", expected.Keys.Order()));
        var latest = new Dictionary<string, ResourceEvent>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await foreach (var update in suite.App.ResourceNotifications.WatchAsync(deadline.Token))
            {
                latest[update.ResourceId] = update;
                var healthy = latest.Values.Where(e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy);
                if (expected.All(r => healthy.Count(e => e.Resource.Name == r.Key) == r.Value))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!Cancel.IsCancellationRequested)
        {
        }

        Assert.False(deadline.IsCancellationRequested, "Not every instance was running and healthy: " +
            string.Join(", ", latest.Values.Select(e => $"{e.ResourceId} {e.Snapshot.State?.Text} {e.Snapshot.HealthStatus}")));

        foreach (var service in SuiteFixture.Services)
        {
            using var http = suite.App.CreateHttpClient(service);
            using var response = await http.GetAsync("/health", Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{service}: /health answered {response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_workflow_replicas_form_one_orleans_cluster_through_redis()
    {
        using var admin = suite.CreateHttpClient("workflows", "ada", Roles.Admin);

        // A silo that has just joined may not yet be seen as active by the one that answers.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<Silo> silos;
        while ((silos = (await admin.GetFromJsonAsync<List<Silo>>("/v1/cluster/silos", Cancel))!).Count != SuiteFixture.WorkflowSilos)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Expected {SuiteFixture.WorkflowSilos} active silos, saw: {string.Join(", ", silos)}");
            await Task.Delay(250, Cancel);
        }

        Assert.All(silos, s => Assert.Equal("Active", s.Status));
        Assert.All(silos, s => Assert.StartsWith("S127.0.0.1:", s.Address));
        Assert.Equal(SuiteFixture.WorkflowSilos, silos.Select(s => s.Address).Distinct().Count());
    }

    private sealed record Silo(string Address, string Status);

    [Fact]
    public async Task Every_service_refuses_a_request_without_a_token()
    {
        foreach (var service in SuiteFixture.Services)
        {
            using var http = suite.App.CreateHttpClient(service);
            using var response = await http.GetAsync("/system/info", Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{service}: answered {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Workflows_reaches_its_dependencies_by_name_with_its_service_token()
    {
        using var admin = suite.CreateHttpClient("workflows", "ada", Roles.Admin);

        var dependencies = await admin.GetFromJsonAsync<List<DependencyStatus>>("/system/dependencies", Cancel);

        Assert.NotNull(dependencies);
        Assert.Equal(["connectors", "governance", "inference"], dependencies.Select(d => d.Name));
        Assert.All(dependencies, d =>
        {
            Assert.True(d.Reachable, $"{d.Name}: {d.Error}");
            Assert.Equal(200, d.StatusCode);
            Assert.Equal(d.Name, d.Answer!.Service);
            Assert.Equal("workflows", d.Answer.Caller.Subject);
            Assert.Equal([Roles.Service], d.Answer.Caller.Roles);
        });
    }

    [Fact]
    public async Task A_token_from_the_portal_login_is_accepted_by_the_other_services()
    {
        using var portal = suite.App.CreateHttpClient("portal");
        using var login = await portal.PostAsJsonAsync("/auth/dev-token", new { user = "rita", roles = new[] { Roles.Reviewer } }, Cancel);
        var token = await login.Content.ReadFromJsonAsync<TokenResponse>(Cancel);

        using var governance = suite.App.CreateHttpClient("governance");
        governance.DefaultRequestHeaders.Authorization = new("Bearer", token!.AccessToken);
        var info = await governance.GetFromJsonAsync<ServiceInfo>("/system/info", Cancel);

        Assert.Equal("governance", info!.Service);
        Assert.Equal("rita", info.Caller.Subject);
        Assert.Equal([Roles.Reviewer], info.Caller.Roles);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_gets_413_and_no_token()
    {
        using var portal = suite.App.CreateHttpClient("portal");
        var huge = new string('a', 2 * 1024 * 1024);

        using var response = await portal.PostAsJsonAsync("/auth/dev-token", new { user = huge, roles = new[] { Roles.Admin } }, Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Governance_redacts_personal_data_for_a_service_caller()
    {
        using var workflows = suite.CreateHttpClient("governance", "workflows", Roles.Service);

        using var response = await workflows.PostAsJsonAsync("/v1/pii/redact", new
        {
            text = "Dear Mrs Keller, refund goes to DE89 3704 0044 0532 0130 00.",
            operators = new Dictionary<string, string> { ["Iban"] = "Hash" },
        }, Cancel);
        var body = await response.Content.ReadFromJsonAsync<RedactionAnswer>(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"^Dear Mrs <PERSON_1>, refund goes to <IBAN:[0-9a-f]{8}>\.$", body!.Text);
        Assert.Equal("Keller", body.Placeholders["<PERSON_1>"]);
    }

    private sealed record RedactionAnswer(string Text, Dictionary<string, string> Placeholders);

    /// <summary>The part of the Portal's login answer a client needs (the test speaks HTTP, not the Portal's types).</summary>
    private sealed record TokenResponse(string AccessToken);

    [Fact]
    public async Task Inference_classifies_with_the_classifier_it_trained_on_first_start()
    {
        using var workflows = suite.CreateHttpClient("inference", "workflows", Roles.Service);

        using var response = await workflows.PostAsJsonAsync("/api/chat", new
        {
            model = "ticket-classifier",
            stream = false,
            messages = new[] { new { role = "user", content = "The tracking number for my parcel does not work on the DHL website." } },
        }, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Cancel);
        Assert.Contains("\"label\":\"shipping\"", body.GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_ticket_created_through_the_connectors_comes_back_from_the_sandbox_as_a_signed_webhook_event()
    {
        using var workflows = suite.CreateHttpClient("connectors", "workflows", Roles.Service);
        using var integrator = suite.CreateHttpClient("connectors", "ian", Roles.Integrator);

        using var created = await workflows.PostAsJsonAsync("/v1/operations/zendesk.ticket.create/invoke",
            new { input = new { subject = "End to end", body = "Through the whole graph." }, idempotencyKey = Guid.NewGuid().ToString() }, Cancel);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Cancel)).GetProperty("output").GetProperty("ticket").GetProperty("id").GetInt64();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var events = await integrator.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/events?count=200", Cancel);
            if (events.GetProperty("recent").EnumerateArray().Any(e => e.GetProperty("subject").GetString() == $"ticket:{ticket}"))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No webhook event for ticket {ticket} within 20 s.");
            await Task.Delay(200, Cancel);
        }
    }
}
