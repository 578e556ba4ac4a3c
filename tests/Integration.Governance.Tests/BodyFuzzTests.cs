using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Governance.Tests;

/// <summary>Every JSON body-taking endpoint refuses bad bodies with a 4xx and changes nothing. (Policies are YAML: their parser has its own tests.)</summary>
public sealed class BodyFuzzTests(GovernanceFactory service) : IClassFixture<GovernanceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string, string> Endpoints => new()
    {
        { "POST", "/v1/guard/input", """{"workflow":"triage","text":"Hi Maria, call me on +1 415 555 0132","model":"ticket-classifier"}""", Roles.Service },
        { "POST", "/v1/guard/output", """{"workflow":"triage","text":"Your parcel ships today.","sources":["It ships today."],"maxLength":500}""", Roles.Service },
        { "POST", "/v1/pii/redact", """{"text":"Hi Maria, call me on +1 415 555 0132","workflow":"triage"}""", Roles.Service },
        { "POST", "/v1/approvals/decide", """{"workflow":"triage","context":{"confidence":0.93,"category":"shipping"}}""", Roles.Service },
        { "POST", "/v1/budgets/consume", """{"workflow":"triage","department":"support","tokens":10,"cost":0.01}""", Roles.Service },
        { "POST", "/v1/policies/fuzzed/rollback", """{"version":1}""", Roles.Admin },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_bad_body_is_refused_with_4xx_and_changes_nothing(string method, string path, string validJson, string role)
    {
        var client = service.CreateClient("fuzzer", role);
        var admin = service.CreateClient("ada", Roles.Admin);

        await BodyFuzzAssert.EveryVariantIsRefusedAndChangesNothingAsync(client, new HttpMethod(method), path, validJson,
            () => admin.GetStringAsync("/v1/policies", Cancel), Cancel, freeForm: ["context"], longText: ["text"]);
    }
}
