using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Workflows.Tests;

public sealed class DefinitionEndpointTests(WorkflowsFactory service) : IClassFixture<WorkflowsFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Designer => service.CreateClient("dora", Roles.Designer);

    private static object Minimal(string id, string end = "end") => new
    {
        id,
        name = "Minimal",
        activities = new object[] { new { id = "start", type = "trigger.manual" }, new { id = end, type = "flow.end" } },
        connections = new[] { new { from = "start", to = end } },
    };

    [Fact]
    public async Task The_flagship_sample_is_published_on_first_start()
    {
        var flagship = await Designer.GetFromJsonAsync<JsonElement>("/v1/definitions/zendesk-ticket-triage", Cancel);

        Assert.Equal("Zendesk ticket triage", flagship.GetProperty("published").GetProperty("definition").GetProperty("name").GetString());
        Assert.Equal("published", flagship.GetProperty("published").GetProperty("status").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task A_definition_is_saved_as_drafts_and_one_version_is_published()
    {
        var id = $"flow-{Guid.NewGuid():N}"[..20];
        var first = await (await Designer.PutAsJsonAsync($"/v1/definitions/{id}", Minimal(id), Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var unchanged = await (await Designer.PutAsJsonAsync($"/v1/definitions/{id}", Minimal(id), Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var second = await (await Designer.PutAsJsonAsync($"/v1/definitions/{id}", Minimal(id, "finish"), Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        using var publish = await Designer.PostAsync($"/v1/definitions/{id}/versions/1/publish", null, Cancel);

        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        var current = await Designer.GetFromJsonAsync<JsonElement>($"/v1/definitions/{id}", Cancel);
        Assert.Equal(2, current.GetProperty("latest").GetProperty("version").GetInt32());
        Assert.Equal(1, current.GetProperty("published").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task An_invalid_definition_is_400_with_every_path_and_nothing_is_saved()
    {
        var id = $"bad-{Guid.NewGuid():N}"[..20];
        var definition = new
        {
            id,
            name = "Bad",
            activities = new object[] { new { id = "start", type = "trigger.manual" }, new { id = "x", type = "flow.decision", inputs = new { condition = "a ===" } } },
            connections = new[] { new { from = "start", to = "x" }, new { from = "x", to = "gone" } },
        };
        using var response = await Designer.PutAsJsonAsync($"/v1/definitions/{id}", definition, Cancel);
        using var validated = await Designer.PostAsJsonAsync("/v1/definitions/validate", definition, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("$.activities[1].inputs.condition", out _));
        Assert.True(errors.TryGetProperty("$.connections[1].to", out _));
        Assert.True(errors.TryGetProperty("$.connections[1].outcome", out _));
        using var lookup = await Designer.GetAsync($"/v1/definitions/{id}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);

        // Validating without saving answers in the same shape, with the same errors.
        Assert.Equal(HttpStatusCode.BadRequest, validated.StatusCode);
        Assert.Equal(errors.ToString(), (await validated.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").ToString());
        using var valid = await Designer.PostAsJsonAsync("/v1/definitions/validate", new
        {
            id, name = "Good",
            activities = new object[] { new { id = "start", type = "trigger.manual" }, new { id = "end", type = "flow.end" } },
            connections = new[] { new { from = "start", to = "end" } },
        }, Cancel);
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.True((await valid.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task The_schema_and_the_activity_catalog_are_served_for_designers()
    {
        var schema = await Designer.GetFromJsonAsync<JsonElement>("/v1/definitions/schema", Cancel);
        var activities = await Designer.GetFromJsonAsync<JsonElement>("/v1/activities", Cancel);
        var gate = await Designer.GetFromJsonAsync<JsonElement>("/v1/activities/approval.gate", Cancel);

        Assert.True(schema.GetProperty("properties").TryGetProperty("activities", out _));
        Assert.True(activities.GetArrayLength() >= 20);
        Assert.True(gate.GetProperty("waits").GetBoolean());
        Assert.Equal(["approved", "rejected", "changes-requested"], gate.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public async Task Only_designers_and_admins_save()
    {
        using var response = await service.CreateClient("rex", Roles.Reviewer).PutAsJsonAsync("/v1/definitions/nope", Minimal("nope"), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
