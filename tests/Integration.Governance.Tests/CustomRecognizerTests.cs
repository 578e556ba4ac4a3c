using System.Net.Http.Json;
using System.Text;
using Integration.Governance.Policies;
using Integration.ServiceDefaults.Auth;

namespace Integration.Governance.Tests;

public sealed class CustomRecognizerTests(GovernanceFactory governance) : IClassFixture<GovernanceFactory>
{
    private const string Policy = """
        appliesTo: {workflows: [crm]}
        pii:
          recognizers:
            - {name: customer-number, pattern: "CUST-[0-9]{6}", operator: Hash}
            - {name: loyalty-card, pattern: "[0-9]{16}", validate: luhn}
            - {name: vip, dictionary: [Ada Lovelace, Grace Hopper]}
        """;

    [Fact]
    public void Recognizers_read_and_their_errors_have_paths()
    {
        var (document, _) = PolicyParser.Parse(Policy);
        var (_, errors) = PolicyParser.Parse("""
            appliesTo: {workflows: ['*']}
            pii:
              recognizers:
                - {name: lookaround, pattern: "(?<=ID-)[0-9]+"}
                - {name: both, pattern: "x", dictionary: [y]}
                - {name: Bad_Name, pattern: "x", validate: crc}
                - {name: empty, dictionary: []}
            """);

        Assert.Equal(["customer-number", "loyalty-card", "vip"], document!.Recognizers!.Select(r => r.Name));
        Assert.Equal(
            ["$.pii.recognizers[0].pattern", "$.pii.recognizers[1]", "$.pii.recognizers[2].name", "$.pii.recognizers[2].validate", "$.pii.recognizers[3].dictionary"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_policys_recognizers_redact_with_their_own_names_and_operators()
    {
        using var admin = governance.CreateClient("ada", Roles.Admin);
        (await admin.PutAsync("/v1/policies/crm", new StringContent(Policy, Encoding.UTF8, "application/yaml"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/v1/policies/crm/versions/1/publish", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        using var workflows = governance.CreateClient("workflows", Roles.Service);

        using var response = await workflows.PostAsJsonAsync("/v1/pii/redact", new
        {
            workflow = "crm",
            text = "CUST-004211 (grace hopper) paid with loyalty card 4111111111111111, not 4111111111111112.",
        }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<RedactedText>(TestContext.Current.CancellationToken);

        Assert.Matches(@"^<CUSTOMER_NUMBER:[0-9a-f]{8}> \(<VIP_1>\) paid with loyalty card <LOYALTY_CARD_1>, not 4111111111111112\.$", body!.Text);
        Assert.Equal("grace hopper", body.Placeholders["<VIP_1>"]);
    }

    private sealed record RedactedText(string Text, Dictionary<string, string> Placeholders);
}
