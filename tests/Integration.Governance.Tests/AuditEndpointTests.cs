using System.Net;
using System.Net.Http.Json;
using Integration.Governance.Audit;
using Integration.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Governance.Tests;

public sealed class AuditEndpointTests(GovernanceFactory governance) : IClassFixture<GovernanceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_redaction_is_audited_with_counts_and_no_personal_data()
    {
        using var workflows = governance.CreateClient("workflows", Roles.Service);
        using var admin = governance.CreateClient("ada", Roles.Admin);
        (await workflows.PostAsJsonAsync("/v1/pii/redact", new { text = "Mail maria.gonzalez@example.com or call +1 415-555-0132." }, Cancel))
            .EnsureSuccessStatusCode();

        var export = await admin.GetStringAsync("/v1/audit/export", Cancel);
        var verification = await admin.GetFromJsonAsync<AuditVerification>("/v1/audit/verify", Cancel);

        var entries = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(AuditChain.FromJson).ToList();
        var redaction = entries.Last(e => e.Event.Action == "pii.redact");
        Assert.Equal("workflows", redaction.Event.Actor);
        Assert.Equal([Roles.Service], redaction.Event.ActorRoles);
        Assert.Equal(1, redaction.Event.Findings!["Email"]);
        Assert.Equal(1, redaction.Event.Findings["Phone"]);
        // The values themselves, whole: short fragments such as "555" turn up in hex hashes by chance.
        Assert.DoesNotContain("maria.gonzalez@example.com", export, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("415-555-0132", export);
        Assert.True(verification!.Intact, verification.Reason);
    }

    [Fact]
    public async Task Entries_are_listed_newest_first_filtered_and_paged_with_a_cursor()
    {
        var log = governance.Services.GetRequiredService<AuditLog>();
        var actor = $"auditor-{Guid.NewGuid():N}";
        foreach (var (action, decision) in new[] { ("policy.save", "saved"), ("guard.input", "allowed"), ("policy.save", "refused"), ("policy.publish", "published") })
        {
            await log.AppendAsync(new AuditEvent(actor, [Roles.Admin], action, decision));
        }

        using var admin = governance.CreateClient("ada", Roles.Admin);
        var first = await admin.GetFromJsonAsync<AuditLogPage>($"/v1/audit/entries?actor={actor}&limit=2", Cancel);
        var second = await admin.GetFromJsonAsync<AuditLogPage>($"/v1/audit/entries?actor={actor}&limit=2&before={first!.Next}", Cancel);
        var saves = await admin.GetFromJsonAsync<AuditLogPage>($"/v1/audit/entries?actor={actor}&action=policy.save", Cancel);
        var refused = await admin.GetFromJsonAsync<AuditLogPage>($"/v1/audit/entries?actor={actor}&decision=refused", Cancel);
        var future = await admin.GetFromJsonAsync<AuditLogPage>($"/v1/audit/entries?actor={actor}&from={DateTimeOffset.UtcNow.AddHours(1):O}".Replace("+", "%2B"), Cancel);

        Assert.Equal(["policy.publish", "policy.save"], first.Items.Select(e => e.Event.Action));
        Assert.Equal(["guard.input", "policy.save"], second!.Items.Select(e => e.Event.Action));
        Assert.True(first.Items[0].Sequence > first.Items[1].Sequence);
        Assert.Equal(["refused", "saved"], saves!.Items.Select(e => e.Event.Decision));
        Assert.Equal("refused", Assert.Single(refused!.Items).Event.Decision);
        Assert.Empty(future!.Items);
        Assert.Null(future.Next); // older than the range: nothing further back can match
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("from=2026-12-02T10:00:00Z&to=2026-12-01T10:00:00Z", "from")]
    [InlineData("before=yesterday", "before")]
    public async Task A_bad_listing_request_says_which_parameter_is_wrong(string query, string parameter)
    {
        using var admin = governance.CreateClient("ada", Roles.Admin);

        using var response = await admin.GetAsync($"/v1/audit/entries?{query}", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{parameter}\"", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Only_admins_read_the_audit_log()
    {
        using var workflows = governance.CreateClient("workflows", Roles.Service);

        using var response = await workflows.GetAsync("/v1/audit/export", Cancel);
        using var listing = await workflows.GetAsync("/v1/audit/entries", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listing.StatusCode);
    }
}
