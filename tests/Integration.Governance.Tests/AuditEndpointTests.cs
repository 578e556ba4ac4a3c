using System.Net;
using System.Net.Http.Json;
using Integration.Governance.Audit;
using Integration.ServiceDefaults.Auth;

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

        var entries = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(AuditEntry.FromJson).ToList();
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
    public async Task Only_admins_read_the_audit_log()
    {
        using var workflows = governance.CreateClient("workflows", Roles.Service);

        using var response = await workflows.GetAsync("/v1/audit/export", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
