using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Contracts.Governance;
using Integration.Governance.Audit;
using Integration.ServiceDefaults.Auth;

namespace Integration.Governance.Tests;

/// <summary>Another service's decisions on a person's behalf (the inference service's promotions) in the audit chain.</summary>
public sealed class AuditReportTests(GovernanceFactory governance) : IClassFixture<GovernanceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reported_override_is_in_the_chain_once_with_its_reporter_and_its_reason_redacted()
    {
        using var inference = governance.CreateClient("inference", Roles.Service);
        using var admin = governance.CreateClient("ada", Roles.Admin);
        var actor = $"admin-{Guid.NewGuid():N}";
        var report = new AuditReport(actor, [Roles.Admin], "model.promote", "overridden", "ticket-classifier v3, replacing v2",
            "Maria Gonzalez (maria.gonzalez@example.com) needs the new labels today");

        using var first = await PostAsync(inference, report, "promotion-1");
        using var again = await PostAsync(inference, report, "promotion-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var receipt = await first.Content.ReadFromJsonAsync<AuditReportReceipt>(Cancel);
        var repeat = await again.Content.ReadFromJsonAsync<AuditReportReceipt>(Cancel);
        Assert.False(receipt!.Duplicate);
        Assert.True(repeat!.Duplicate);
        Assert.Equal(receipt.Sequence, repeat.Sequence);

        var entry = Assert.Single((await admin.GetFromJsonAsync<AuditLogPage>($"/v1/audit/entries?actor={actor}", Cancel))!.Items);
        Assert.Equal(receipt.Sequence, entry.Sequence);
        Assert.Equal("inference", entry.Event.ReportedBy);
        Assert.Equal([Roles.Admin], entry.Event.ActorRoles);
        Assert.Equal("overridden", entry.Event.Decision);
        Assert.Equal("ticket-classifier v3, replacing v2", entry.Event.Subject);
        Assert.DoesNotContain("maria.gonzalez@example.com", entry.Event.Reason);
        Assert.Contains("needs the new labels today", entry.Event.Reason);
        Assert.Equal(1, entry.Event.Findings!["Email"]);
        var verification = await admin.GetFromJsonAsync<AuditVerification>("/v1/audit/verify", Cancel);
        Assert.True(verification!.Intact, verification.Reason);
    }

    [Fact]
    public async Task The_same_key_from_another_service_is_another_report()
    {
        using var inference = governance.CreateClient("inference", Roles.Service);
        using var other = governance.CreateClient("workflows", Roles.Service);
        var report = new AuditReport($"dora-{Guid.NewGuid():N}", [Roles.Designer], "model.promote", "refused", "ticket-classifier v4", null);

        using var first = await PostAsync(inference, report, "shared-key");
        using var second = await PostAsync(other, report, "shared-key");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
    }

    [Theory]
    [InlineData("""{"actor":"ada","action":"model.promote","decision":"promoted"}""", null, "Idempotency-Key")]
    [InlineData("""{"action":"model.promote","decision":"promoted"}""", "k1", "$.actor")]
    [InlineData("""{"actor":"ada","actorRoles":["service"],"action":"model.promote","decision":"promoted"}""", "k2", "$.actorRoles")]
    [InlineData("""{"actor":"ada","action":"Model Promote","decision":"promoted"}""", "k3", "$.action")]
    [InlineData("""{"actor":"ada","action":"model.promote"}""", "k4", "$.decision")]
    public async Task A_bad_report_says_what_is_wrong_and_adds_nothing(string body, string? key, string path)
    {
        using var inference = governance.CreateClient("inference", Roles.Service);
        using var admin = governance.CreateClient("ada", Roles.Admin);
        var before = (await admin.GetFromJsonAsync<AuditVerification>("/v1/audit/verify", Cancel))!.EntriesChecked;

        using var request = new HttpRequestMessage(HttpMethod.Post, GovernanceRoutes.AuditEvents) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await inference.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.ToString());
        Assert.Equal(before, (await admin.GetFromJsonAsync<AuditVerification>("/v1/audit/verify", Cancel))!.EntriesChecked);
    }

    [Fact]
    public async Task Only_services_report_decisions()
    {
        using var admin = governance.CreateClient("ada", Roles.Admin);

        using var response = await PostAsync(admin, new AuditReport("ada", [Roles.Admin], "model.promote", "promoted", null, null), "by-a-person");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, AuditReport report, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, GovernanceRoutes.AuditEvents) { Content = JsonContent.Create(report) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request, Cancel);
    }
}
