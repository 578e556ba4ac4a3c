using System.Net.Http.Json;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Workflows.Tests;

/// <summary>Every body-taking endpoint refuses bad bodies with a 4xx and changes nothing.</summary>
public sealed class BodyFuzzTests(WorkflowsFactory service) : IClassFixture<WorkflowsFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Definition = """
        {"id":"fuzzed","name":"Fuzzed","activities":[{"id":"start","type":"trigger.manual"},{"id":"end","type":"flow.end"}],"connections":[{"from":"start","to":"end"}]}
        """;

    public static TheoryData<string, string, string, string> Endpoints => new()
    {
        { "PUT", "/v1/definitions/fuzzed", Definition, Roles.Designer },
        { "POST", "/v1/definitions/validate", Definition, Roles.Designer },
        { "POST", "/v1/workflows/zendesk-ticket-triage/instances", """{"input":{"ticketId":1},"businessKey":"fuzz"}""", Roles.Designer },
        { "POST", "/v1/triggers/events", """{"id":"fuzz-event","source":"zendesk:zendesk","type":"zendesk.ticket.created","subject":"ticket:1","time":"2026-12-01T10:00:00Z","data":{"id":1}}""", Roles.Service },
        { "POST", "/v1/approvals/no-such-task/decide", """{"decision":"approve","output":{"text":"x"},"comment":"ok"}""", Roles.Reviewer },
        { "POST", "/v1/approvals/no-such-task/reveal", """{"placeholder":"<EMAIL_1>"}""", Roles.Reviewer },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_bad_body_is_refused_with_4xx_and_changes_nothing(string method, string path, string validJson, string role)
    {
        var client = service.CreateClient("fuzzer", role);
        var reader = service.CreateClient("admin", Roles.Admin, Roles.Designer, Roles.Reviewer);

        await BodyFuzzAssert.EveryVariantIsRefusedAndChangesNothingAsync(client, new HttpMethod(method), path, validJson,
            async () => await reader.GetStringAsync("/v1/definitions", Cancel) + await reader.GetStringAsync("/v1/approvals/inbox", Cancel) +
                        (await reader.GetAsync("/v1/workflows/zendesk-ticket-triage/instances/by-key/fuzz", Cancel)).StatusCode,
            Cancel, freeForm: ["data"]);
    }
}

/// <summary>The workflows service's routes: each that may take a body is fuzzed above or takes none; no path or query value gets a 5xx.</summary>
public sealed class RouteFuzzTests(WorkflowsFactory service) : RouteFuzzTests<Program>(service), IClassFixture<WorkflowsFactory>
{
    protected override IEnumerable<(string Method, string Path)> Fuzzed => Of(BodyFuzzTests.Endpoints);

    protected override IReadOnlyList<string> TakeNoBody => [
        "POST /v1/approvals/{id}/claim", "POST /v1/definitions/{id}/unpublish", "POST /v1/definitions/{id}/versions/{version:int}/publish",
        "POST /v1/instances/{id}/cancel", "POST /v1/instances/{id}/retry",
    ];
}
