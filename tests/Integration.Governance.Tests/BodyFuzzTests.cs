using System.Net.Http.Json;
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
        { "POST", "/v1/audit/events", """{"actor":"ada","actorRoles":["admin"],"action":"model.promote","decision":"promoted","subject":"ticket-classifier","reason":"better"}""", Roles.Service },
        { "POST", "/v1/pii/reveal", """{"workflow":"triage","placeholder":"<EMAIL_1>","actor":"rex","actorRoles":["reviewer"],"subject":"task-1"}""", Roles.Service },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_bad_body_is_refused_with_4xx_and_changes_nothing(string method, string path, string validJson, string role)
    {
        var client = service.CreateClient("fuzzer", role);
        client.DefaultRequestHeaders.Add("Idempotency-Key", "fuzz"); // what a reported audit event carries
        var admin = service.CreateClient("ada", Roles.Admin);

        // Nothing is published, rolled back, budgeted or audited by a refused body.
        await BodyFuzzAssert.EveryVariantIsRefusedAndChangesNothingAsync(client, new HttpMethod(method), path, validJson,
            async () => await admin.GetStringAsync("/v1/policies", Cancel) + await admin.GetStringAsync("/v1/budgets/usage?workflow=triage&department=support", Cancel) +
                        (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/audit/verify", Cancel)).GetProperty("entriesChecked"),
            Cancel, freeForm: ["context"], longText: ["text"]);
    }
}

/// <summary>The governance service's routes: each that may take a body is fuzzed above or takes none; no path or query value gets a 5xx.</summary>
public sealed class RouteFuzzTests(GovernanceFactory service) : RouteFuzzTests<Program>(service), IClassFixture<GovernanceFactory>
{
    protected override IEnumerable<(string Method, string Path)> Fuzzed => Of(BodyFuzzTests.Endpoints);

    protected override IReadOnlyList<string> TakeNoBody => [
        "POST /v1/policies/{name}/versions/{version:int}/publish",
        "PUT /v1/policies/{name}", // YAML, read by the policy parser (PolicyParserTests: every error with its path)
    ];
}
