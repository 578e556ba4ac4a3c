using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Integration.Governance.Approvals;
using Integration.Governance.Audit;
using Integration.Governance.Policies;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Integration.Governance.Tests;

/// <summary>The governance service as it starts by default: the flagship's approval rules shipped and published.</summary>
public sealed class ShippedPolicyFactory : ServiceFactory<Program>
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Governance:PiiHashSalt"] = GovernanceFactory.HashSalt,
    };
}

public sealed class ShippedPolicyTests(ShippedPolicyFactory governance) : IClassFixture<ShippedPolicyFactory>
{
    private const string Flagship = "zendesk-ticket-triage";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0.62, "shipping", true, "auto-approve", null, "confident-and-answered-by-the-knowledge-base")]
    [InlineData(0.5, "technical", true, "auto-approve", null, "confident-and-answered-by-the-knowledge-base")]
    [InlineData(0.9, "shipping", false, "human", "reviewer", "otherwise")]
    [InlineData(0.49, "account", true, "human", "reviewer", "otherwise")]
    [InlineData(0.97, "billing", true, "human", "reviewer", "otherwise")]
    [InlineData(0.97, "returns", true, "human", "reviewer", "otherwise")]
    [InlineData(0.97, "privacy", true, "human", "reviewer", "otherwise")]
    public async Task The_flagships_gate_lets_confident_knowledge_base_answers_through_and_sends_the_rest_to_reviewers(
        double confidence, string category, bool grounded, string decision, string? role, string rule)
    {
        using var workflows = governance.CreateClient("workflows", Roles.Service);

        var answer = await DecideAsync(workflows, Flagship, new { confidence, category, grounded, findings = new { total = 2, pii = 2, injection = 0 } });

        Assert.Equal((decision, role, rule, $"{Flagship}@1"), (answer.Decision.WireName(), answer.Role, answer.Rule, answer.Policy));
    }

    [Fact]
    public async Task It_is_published_once_by_the_suite_audited_and_governs_only_the_flagship()
    {
        using var admin = governance.CreateClient("ada", Roles.Admin);
        using var workflows = governance.CreateClient("workflows", Roles.Service);

        var history = await admin.GetFromJsonAsync<JsonElement>($"/v1/policies/{Flagship}", Cancel);
        Assert.Equal(1, history.GetProperty("publishedVersion").GetInt32());
        var version = history.GetProperty("versions").EnumerateArray().Single();
        Assert.Equal(ShippedPolicyPublisher.Author, version.GetProperty("createdBy").GetString());
        var audit = (await admin.GetStringAsync("/v1/audit/export", Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(AuditChain.FromJson);
        Assert.Contains(audit, e => e.Event is { Action: "policy.publish", Actor: ShippedPolicyPublisher.Author, PolicyVersion: $"{Flagship}@1" });

        // Another workflow is not governed by it: with no policy of its own, a reviewer decides.
        var other = await DecideAsync(workflows, "another-workflow", new { confidence = 0.99, category = "shipping", findings = new { total = 0, pii = 0, injection = 0 } });
        Assert.Equal(ApprovalEndpoints.NoPolicyRule, other.Rule);
    }

    private static async Task<ApprovalDecideResponse> DecideAsync(HttpClient client, string workflow, object context)
    {
        using var response = await client.PostAsJsonAsync("/v1/approvals/decide", new { workflow, context }, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.Content.ReadFromJsonAsync<ApprovalDecideResponse>(Cancel))!;
    }
}

/// <summary>Its own service (and Redis): it changes the flagship's policy.</summary>
public sealed class ShippedPolicyRestartTests(ShippedPolicyFactory governance) : IClassFixture<ShippedPolicyFactory>
{
    private const string Flagship = "zendesk-ticket-triage";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_restart_neither_adds_a_version_nor_undoes_an_admins_own()
    {
        using var admin = governance.CreateClient("ada", Roles.Admin);
        var publisher = governance.Services.GetServices<IHostedService>().OfType<ShippedPolicyPublisher>().Single();

        await publisher.StartAsync(Cancel);
        Assert.Single((await admin.GetFromJsonAsync<JsonElement>($"/v1/policies/{Flagship}", Cancel)).GetProperty("versions").EnumerateArray());

        // The admin's stricter rules: everything to a person.
        using var saved = await admin.PutAsync($"/v1/policies/{Flagship}",
            new StringContent($"appliesTo: {{workflows: [{Flagship}]}}\napproval:\n  rules:\n    - {{name: everything, when: 'confidence >= 0', decide: human}}\n  otherwise: {{decide: human, role: reviewer}}\n", Encoding.UTF8, "application/yaml"), Cancel);
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var mine = (await saved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32();
        (await admin.PostAsync($"/v1/policies/{Flagship}/versions/{mine}/publish", null, Cancel)).EnsureSuccessStatusCode();

        await publisher.StartAsync(Cancel);

        var history = await admin.GetFromJsonAsync<JsonElement>($"/v1/policies/{Flagship}", Cancel);
        Assert.Equal(mine, history.GetProperty("publishedVersion").GetInt32());
        Assert.Equal(mine, history.GetProperty("versions").GetArrayLength());
    }
}
